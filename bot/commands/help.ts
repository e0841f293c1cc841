/** `help`: the commands this caller may use, each with an example. */
import { helpCard } from '../../cards/bot/help.js';
import type { BotCommand } from './types.js';

export const help: BotCommand = {
  name: 'help',
  aliases: ['?', 'commands'],
  usage: 'help',
  example: 'help',
  summary: 'This list.',
  audience: 'everyone',
  run({ commands }) {
    const all = commands.filter((c) => c.name !== 'help');
    return Promise.resolve(
      helpCard({
        title: 'What I can do',
        intro: all.length
          ? 'Mention me in a channel or write to me here. Arguments keep their case.'
          : 'My commands are for members of the IT group; you are not in it, so there is nothing here for you to run.',
        commands: all.map((c) => ({ usage: c.usage, summary: c.summary, example: c.example })),
      }),
    );
  },
};
