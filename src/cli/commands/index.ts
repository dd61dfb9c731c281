/**
 * The `mirkit` commands, in the order `mirkit --help` lists them. A new command is one file beside
 * this one exporting a `Command` (see `../command.ts`) and one entry here.
 */
import type { Command } from '../command.js';
import { classifyCommand } from './classify.js';
import { extractCommand } from './extract.js';
import { mergeCommand } from './merge.js';
import { trainCommand } from './train.js';

/** Every command of `mirkit`. */
export const COMMANDS: readonly Command[] = [classifyCommand, extractCommand, mergeCommand, trainCommand] as readonly Command[];
