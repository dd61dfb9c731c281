/**
 * The `mirkit` commands, in the order `mirkit --help` lists them. A new command is one file beside
 * this one exporting a `Command` (see `../command.ts`) and one entry here.
 */
import type { Command } from '../command.js';
import { classifyCommand } from './classify.js';
import { extractCommand } from './extract.js';
import { mergeCommand } from './merge.js';
import { trainCommand } from './train.js';
import { tagCommand } from './tag.js';
import { embedCommand } from './embed.js';

/** Every command of `mirkit`. */
export const COMMANDS: readonly Command[] = [classifyCommand, extractCommand, mergeCommand, trainCommand, tagCommand, embedCommand] as readonly Command[];
