import type { CliCommand } from '../../libs/platform/cli/cli-command.js';
import { auditCliCommands } from '../../libs/audit/index.js';
import { exportBansCommand } from '../../libs/townships/index.js';
import { assessmentCommands } from '../../libs/assessment/index.js';
import { exportStatementsCommand } from '../../libs/rewards/index.js';
import { accountsCliCommands } from '../../libs/accounts/index.js';
import { demoCommand } from './demo/demo.command.js';
import { initCommand } from './init.command.js';
import { migrateCommand } from './migrate.command.js';
import { importCommands } from '../../libs/imports/index.js';

/** Every capability's CLI commands. Add a capability's list here. */
export const CLI_COMMANDS: CliCommand[] = [
  initCommand,
  ...auditCliCommands,
  exportBansCommand,
  ...assessmentCommands,
  exportStatementsCommand,
  ...importCommands,
  migrateCommand,
  demoCommand,
  ...accountsCliCommands,
];
