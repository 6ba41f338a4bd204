/**
 * Marks a route whose reads go to the access log (who read or exported statements, audit data,
 * exports and rankings; libs/accounts records them). The OpenAPI document shows it as
 * `x-access-logged: true`, so a test can check that every download route carries it.
 */
import { SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const ACCESS_LOGGED_KEY = 'ledger:access-logged';

export const AccessLogged = () => applyDecorators(SetMetadata(ACCESS_LOGGED_KEY, true), ApiExtension('x-access-logged', true));
