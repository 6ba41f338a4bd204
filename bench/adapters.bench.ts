/**
 * Express or Fastify under Nest? The same minimal Nest app (one POST route, the ledger's validation
 * pipe, a DTO of the tax payment's fields, a 201 JSON answer) on each adapter, with the same client,
 * beside the bare node:http ceiling: how much of a write's time the HTTP adapter itself takes.
 */
import { Body, Controller, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { IsObject, IsString, Matches } from 'class-validator';
import { ledgerValidationPipe } from '../libs/platform/http/validation.js';

class TaxBody {
  @IsString() @Matches(/^\d{4}-\d{2}$/) taxMonth!: string;
  @IsString() paymentReference!: string;
  @IsString() @Matches(/^\d{4}-\d{2}-\d{2}$/) paidOn!: string;
  @IsObject() amount!: { amount: string; currency: string };
}

@Controller('v1/projects')
class TaxController {
  @Post(':id/tax-payments')
  @HttpCode(201)
  pay(@Param('id') projectId: string, @Body() body: TaxBody) {
    return { projectId, eventId: body.paymentReference, revision: 1 };
  }
}

@Module({ controllers: [TaxController] })
class AdapterBenchModule {}

/** Runs in the child: the minimal app on `adapter`, listening on `port`. */
export async function serveAdapter(adapter: 'express' | 'fastify', port: number): Promise<void> {
  let app: INestApplication;
  if (adapter === 'fastify') {
    const { FastifyAdapter } = await import('@nestjs/platform-fastify');
    app = await NestFactory.create(AdapterBenchModule, new FastifyAdapter(), { logger: false });
  } else {
    app = await NestFactory.create(AdapterBenchModule, { logger: false });
  }
  app.useGlobalPipes(ledgerValidationPipe());
  // The start-up probe asks for /health.
  app.getHttpAdapter().get('/health', (_req: unknown, res: unknown) => app.getHttpAdapter().reply(res, {}, 200));
  await app.listen(port, '127.0.0.1');
}
