export { ImportsModule, importsProjections } from './imports.module.js';
export { Importer, ImportRefused, type ImportReport } from './application/importer.js';
export { importCommands } from './cli/import.commands.js';
export { IMPORT_KINDS, type ImportKind } from './domain/templates.js';
