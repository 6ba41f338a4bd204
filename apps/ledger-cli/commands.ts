import type { CliCommand } from '../../libs/platform/cli/cli-command.js';

/** Every capability's CLI commands. Add a capability's list here. */
export const CLI_COMMANDS: CliCommand[] = [];
