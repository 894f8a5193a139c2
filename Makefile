# Top-level build.  Plain GNU make, GCC + binutils only, warnings are errors.
#
#   make            -> build/xen.gz (gzip'd ELF64, Multiboot1+2) and build/xen-syms
#   make run        -> build, then boot in QEMU with the serial line on this terminal:
#                      dom0's shell, a domU from tools/examples/domU.cfg (its disk
#                      image in $(BUILD)/run/ is made once and kept, also by clean)
#   make test       -> unit tests on the host + QEMU boot tests (installs packages)
#   make bench      -> benchmarks (tables only, never fail)
#   make BUILD=dir  -> build somewhere else (parallel work trees)
#   make debug=y    -> ASSERT()s enabled

BUILD ?= build
CC    ?= gcc
HOSTCC ?= gcc
LD    ?= ld
PYTHON ?= /usr/bin/python3

# Source selection: every .c/.S in these directories is part of the image.
SRC_DIRS := xen common arch/x86 arch/x86/boot arch/x86/pv
SRCS := $(filter-out xen/xen.lds.S,$(foreach d,$(SRC_DIRS),$(wildcard $(d)/*.c) $(wildcard $(d)/*.S)))
OBJS := $(patsubst %,$(BUILD)/obj/%.o,$(basename $(SRCS)))

WARN := -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow -Wpointer-arith \
	-Wstrict-prototypes -Wmissing-prototypes -Wvla -Wundef -Wno-missing-field-initializers

# The image runs at 0xffff82.... (outside the top 2 GiB), so code is
# position independent with hidden visibility: everything is RIP-relative
# and no GOT is needed.  No SSE in the hypervisor, no red zone (interrupts
# push onto the stack below RSP).
CFLAGS := -std=gnu11 -O2 -g $(WARN) -ffreestanding -fno-stack-protector \
	-fpie -fvisibility=hidden -include include/xen/visibility.h \
	-mno-red-zone -mgeneral-regs-only -mno-sse -mno-mmx -mno-80387 \
	-fno-asynchronous-unwind-tables -fno-omit-frame-pointer \
	-fcf-protection=none -fno-tree-loop-distribute-patterns -fno-strict-aliasing -fno-common -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -Iarch/x86/include -I$(BUILD)/include
ifeq ($(debug),y)
CFLAGS += -DCONFIG_DEBUG
endif
ASFLAGS := -D__ASSEMBLY__ -Iinclude -Iarch/x86/include -I$(BUILD)/include -g
LDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack \
	--no-warn-rwx-segments --build-id=none

# Quiet by default; make V=1 shows full commands.
ifneq ($(V),1)
Q := @
quiet = @echo "  $(1)	$(2)";
endif

.PHONY: all clean run test unit qemu-test bench deps check-headers format tools
all: $(BUILD)/xen.gz

$(BUILD)/include/asm-offsets.h: arch/x86/asm-offsets.c $(wildcard include/xen/*.h arch/x86/include/asm/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,GEN,$@)$(CC) $(filter-out -include include/xen/visibility.h,$(CFLAGS)) -S -o $(BUILD)/asm-offsets.s $<
	$(Q)sed -n 's/.*->\([A-Za-z0-9_]*\) \(-\{0,1\}[0-9]*\).*/#define \1 \2/p' $(BUILD)/asm-offsets.s > $@.tmp
	$(Q)mv $@.tmp $@

$(BUILD)/obj/%.o: %.c $(BUILD)/include/asm-offsets.h
	@mkdir -p $(dir $@)
	$(call quiet,CC,$<)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/obj/%.o: %.S $(BUILD)/include/asm-offsets.h
	@mkdir -p $(dir $@)
	$(call quiet,AS,$<)$(CC) $(ASFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/xen.lds: xen/xen.lds.S arch/x86/include/asm/config.h
	@mkdir -p $(dir $@)
	$(call quiet,LDS,$@)$(CC) -E -P -D__ASSEMBLY__ -D__LINKER__ -Iinclude -Iarch/x86/include -x c $< -o $@

$(BUILD)/xen-syms: $(OBJS) $(BUILD)/xen.lds
	$(call quiet,LD,$@)$(LD) $(LDFLAGS) -T $(BUILD)/xen.lds -o $@ $(OBJS)
	@nm -n $@ | grep -q ' multiboot1_header$$' || (echo "multiboot header missing"; exit 1)

$(BUILD)/xen: $(BUILD)/xen-syms
	$(call quiet,LD,$@)$(LD) $(LDFLAGS) -T $(BUILD)/xen.lds -o $@ $(OBJS) --strip-debug

$(BUILD)/xen.gz: $(BUILD)/xen
	$(call quiet,GZIP,$@)gzip -9 -n -c $< > $@.tmp && mv $@.tmp $@

# ---- host unit tests: real common/ sources compiled for the host ----
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRCS))
UNIT_CFLAGS := -std=gnu11 -O1 -g $(WARN) -Wno-missing-prototypes \
	-Itests/unit/host -Iinclude -fsanitize=address,undefined -DUNIT_TEST

$(BUILD)/unit/%: tests/unit/%.c tests/unit/host/host_lib.c $(wildcard common/*.c xen/*.c include/xen/*.h include/public/*.h include/public/io/*.h include/public/arch-x86/*.h tests/unit/*.h tests/unit/host/*/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)$(HOSTCC) $(UNIT_CFLAGS) -o $@ $< tests/unit/host/host_lib.c

# tools/xenstored's core is unit tested too (tests/unit/xs_harness.h).
$(UNIT_BINS): $(wildcard tools/xenstored/*.c tools/xenstored/*.h)
$(UNIT_BINS): $(wildcard tools/xenconsoled/*.c tools/xenconsoled/*.h)
# ... and xm's config parser and xenstore client (tests/unit/test_xm_*.c).
$(UNIT_BINS): $(wildcard tools/xm/config*.c tools/xm/config*.h tools/xm/xs.c tools/xm/xs.h)
# ... and its vif specs (tests/unit/test_xm_vif.c).
$(UNIT_BINS): $(wildcard tools/xm/vif_spec.c tools/xm/vif.h)
$(UNIT_BINS): $(wildcard tools/xm/blk_rules.c tools/xm/blk.h)
# ... and libxc's domain builder (tests/unit/test_xc_dom.c).
$(UNIT_BINS): $(wildcard tools/libxc/*.c tools/libxc/*.h)

unit: $(UNIT_BINS)
	@fail=0; for t in $(UNIT_BINS); do $$t || fail=1; done; exit $$fail

# Every header compiles on its own.
check-headers:
	@for h in include/xen/*.h arch/x86/include/asm/*.h include/public/*.h include/public/io/*.h include/public/arch-x86/*.h; do \
		echo '#include "'$$h'"' | $(CC) $(CFLAGS) -x c -fsyntax-only - || exit 1; \
	done

# dom0 tools (static, hosted; they see only include/public as <public/...>).
# tests/qemu/mkinitrd.py compiles the same sources into the dom0 initrd.
TOOLS := $(BUILD)/tools/dom0gnt
$(BUILD)/tools/%: tools/tests/%.c $(wildcard include/public/*.h include/public/*/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)$(HOSTCC) -static -O2 $(WARN) -Iinclude -o $@ $<
# xenstored: every tools/xenstored/*.c linked together; xenstore: its client.
XENSTORED_SRCS := $(wildcard tools/xenstored/*.c)
$(BUILD)/tools/xenstored: $(XENSTORED_SRCS) $(wildcard tools/xenstored/*.h tools/libxc/*.[ch] include/public/*.h include/public/*/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)$(HOSTCC) -static -O2 $(WARN) -Iinclude -o $@ $(XENSTORED_SRCS) $(LIBXC_SRCS) $(XC_LIBS)
$(BUILD)/tools/xenstore: tools/xenstore/xenstore.c $(wildcard include/public/*.h include/public/*/*.h)
	@mkdir -p $(dir $@)
	$(call quiet,HOSTCC,$@)$(HOSTCC) -static -O2 $(WARN) -Iinclude -o $@ $<
TOOLS += $(BUILD)/tools/xenstored $(BUILD)/tools/xenstore
# Programs on tools/libxc (xc.h; the builder links liblzma and libzstd
# statically): each directory of XC_TOOLS that exists is one binary, its .c
# files and libxc's linked together (mkinitrd.py does the same).
LIBXC_SRCS := $(wildcard tools/libxc/*.c)
XC_LIBS := -llzma -lzstd
XC_TOOLS := $(notdir $(wildcard tools/xm tools/xenconsoled tools/xcbuild))
define xc_tool
$(BUILD)/tools/$(1): $(wildcard tools/$(1)/*.c tools/$(1)/*.h) $(LIBXC_SRCS) $(wildcard tools/libxc/*.h include/public/*.h include/public/*/*.h)
	@mkdir -p $$(dir $$@)
	$$(call quiet,HOSTCC,$$@)$$(HOSTCC) -static -O2 $$(WARN) -Iinclude -o $$@ $(wildcard tools/$(1)/*.c) $(LIBXC_SRCS) $(XC_LIBS)
endef
$(foreach t,$(XC_TOOLS),$(eval $(call xc_tool,$(t))))
TOOLS += $(addprefix $(BUILD)/tools/,$(XC_TOOLS))
tools: $(TOOLS)

deps:
	@tests/qemu/ensure-deps.sh

run: deps all
	@tests/qemu/run.sh $(BUILD)

include tests/guests/guests.mk

test: deps all
	@$(MAKE) --no-print-directory $(UNIT_BINS) guests tools
	BUILD=$(BUILD) PYTHONDONTWRITEBYTECODE=1 $(PYTHON) -m pytest -v tests

bench: deps all
	@tests/qemu/bench.sh $(BUILD)

format:
	clang-format -i $(SRCS:%.S=) $(wildcard include/*/*.h arch/x86/include/asm/*.h)

# Everything but $(BUILD)/run/: the disk of make run's domU holds the user's data.
clean:
	@if [ -d $(BUILD) ]; then \
		find $(BUILD) -mindepth 1 -maxdepth 1 ! -name run -exec rm -rf {} + ; \
		rmdir $(BUILD) 2>/dev/null || true; \
	fi

-include $(OBJS:.o=.d)
