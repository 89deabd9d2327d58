/**
 * The preview1 functions a thread forwards, by index: both ends number them
 * from this one list. Built from the ABI tables alone, so that a thread's
 * worker loads no more of the adapter than it needs.
 */
import { functionNames } from '../../adapter/abi.js';
import type { ImportName } from '../../adapter/index.js';
import { wasmedgeFunctionNames } from '../../adapter/wasmedge-abi.js';

export const forwardedNames: readonly ImportName[] = [...functionNames, ...wasmedgeFunctionNames];
