/**
 * Marks a route whose reads go to the access log (who read or exported statements, audit data,
 * exports and rankings; libs/accounts records them). With `whenQuery`, only requests carrying that
 * query parameter are logged (a project read is logged when it is an auditor's as-of replay). The
 * OpenAPI document shows it as `x-access-logged: true` (or the parameter's name), so a test can check
 * that every download route carries it.
 */
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ACCESS_LOGGED_KEY = 'ledger:access-logged';

/** `true`: every request; a string: only requests with that query parameter. */
export type AccessLogging = true | string;

export const AccessLogged = (options: { whenQuery?: string } = {}) =>
  applyDecorators(SetMetadata(ACCESS_LOGGED_KEY, options.whenQuery ?? true), ApiExtension('x-access-logged', options.whenQuery ?? true));
