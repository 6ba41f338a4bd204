export * from './domain/events.js';
export { AccountsModule, accountsProjections } from './accounts.module.js';
export { accountsCliCommands } from './cli/accounts.commands.js';
export { ANONYMOUS_ROUTES } from './http/accounts.controller.js';
