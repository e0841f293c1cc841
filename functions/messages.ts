/** POST /api/messages: the Teams bot (Bot Framework messaging endpoint). */
import { createMessagesEndpoint } from '../bot/endpoint.js';
import { register } from '../shared/host/registry.js';

export const messagesEndpoint = createMessagesEndpoint();

export const messages = register({
  kind: 'http',
  name: 'messages',
  route: 'messages',
  methods: ['POST'],
  // Anonymous to the Functions host: the Bot Connector cannot send a function key. Every request
  // is authenticated by its Bot Framework JWT instead (bot/endpoint.ts).
  authLevel: 'anonymous',
  handler: messagesEndpoint.handler,
});
