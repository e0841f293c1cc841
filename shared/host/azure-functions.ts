/**
 * `@azure/functions` is a CommonJS bundle whose named exports Node's ESM loader cannot detect, so
 * `import { app } from '@azure/functions'` works under vitest but fails under plain Node. Values
 * come from here; types can still be imported from the package by name.
 */
import azureFunctions from '@azure/functions';

export const { app, HttpRequest, HttpResponse, InvocationContext } = azureFunctions;
