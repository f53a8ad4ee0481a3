// SPDX-License-Identifier: GPL-2.0-only
/*
 * nvmeof-insn-mark: runs the one instruction the nvmeof-insn QEMU plugin
 * watches for (xchg %bx,%bx, a no-op), so the plugin dumps its counts.
 * Built static: the guest's image carries no C library of its own.
 */
int main(void)
{
	__asm__ volatile("xchg %%bx, %%bx" ::: "memory");
	return 0;
}
