/*
 * Force-included into every hypervisor translation unit: all symbols are
 * hidden, so -fpie code reaches them RIP-relative without a GOT.
 */
#pragma GCC visibility push(hidden)
