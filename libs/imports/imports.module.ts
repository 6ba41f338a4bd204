import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { Projection } from '../projector/index.js';
import { Importer } from './application/importer.js';
import { ImportsController } from './http/imports.controller.js';

/** Imports keep no read model of their own: they read the projects' and write through its handlers. */
export const importsProjections = (): Projection[] => [];

@Module({
  imports: [CqrsModule],
  controllers: [ImportsController],
  providers: [Importer],
  exports: [Importer],
})
export class ImportsModule {}
