import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import { CloseYearHandler } from './commands/close-year.js';
import { RecordTownshipFactHandler } from './commands/record-township-fact.js';
import { PromotionController, TownshipsController } from './http/townships.controller.js';
import {
  ExportPromotionBansHandler,
  GetEligibilityHandler,
  GetTownshipHandler,
  ListOfficialsHandler,
  ListPromotionBansHandler,
} from './queries/township-queries.js';
import { TownshipsProjection } from './read-model/townships.projection.js';

/** The read models this capability owns, handed to LedgerCoreModule.forRoot by the app. */
export const townshipsProjections = (): Projection[] => [new TownshipsProjection()];

@Module({
  imports: [CqrsModule],
  controllers: [TownshipsController, PromotionController],
  providers: [
    RecordTownshipFactHandler,
    CloseYearHandler,
    GetTownshipHandler,
    GetEligibilityHandler,
    ListPromotionBansHandler,
    ExportPromotionBansHandler,
    ListOfficialsHandler,
  ],
})
export class TownshipsModule {}
