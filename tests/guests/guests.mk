# Test guests: one micro PV kernel per tests/guests/<name>.c, linked with
# the runtime in tests/guests/lib/, built as $(BUILD)/guests/<name>.
#
# Included by the top Makefile; also usable alone:
#   make -f tests/guests/guests.mk BUILD=/tmp/b guests
# Guests see only include/public/ (as <public/...>) and lib/.

BUILD ?= build
CC ?= gcc
LD ?= ld
ifneq ($(V),1)
GUEST_Q := @
endif

GUEST_DIR := tests/guests
GUEST_SRCS := $(wildcard $(GUEST_DIR)/*.c)
GUEST_NAMES := $(patsubst $(GUEST_DIR)/%.c,%,$(GUEST_SRCS))
GUESTS := $(addprefix $(BUILD)/guests/,$(GUEST_NAMES))
GUEST_LIB_SRCS := $(wildcard $(GUEST_DIR)/lib/*.c) $(wildcard $(GUEST_DIR)/lib/*.S)
GUEST_LIB_OBJS := $(patsubst $(GUEST_DIR)/lib/%,$(BUILD)/guests/obj/lib/%.o,$(basename $(GUEST_LIB_SRCS)))

GUEST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wno-unused-parameter \
	-Wvla -Wundef -ffreestanding -fno-pie -mcmodel=kernel -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	-fcf-protection=none -fno-tree-loop-distribute-patterns -fno-common \
	-nostdinc -isystem $(shell $(CC) -print-file-name=include) \
	-Iinclude -I$(GUEST_DIR)/lib
GUEST_ASFLAGS := -D__ASSEMBLER__ -Iinclude -I$(GUEST_DIR)/lib
GUEST_LDFLAGS := -nostdlib -static -no-pie -Wl,-z,max-page-size=0x1000 \
	-Wl,-z,noexecstack -Wl,--build-id=none -Wl,--no-warn-rwx-segments
# A guest may bring its own link script, tests/guests/<name>.lds.
GUEST_LDS = $(or $(wildcard $(GUEST_DIR)/$(1).lds),$(GUEST_DIR)/lib/guest.lds)
$(foreach n,$(GUEST_NAMES),$(eval $(BUILD)/guests/$(n): $(call GUEST_LDS,$(n))))

.PHONY: guests
guests: $(GUESTS)

# Keep the objects (they are intermediate files of the pattern rules).
.SECONDARY: $(GUEST_LIB_OBJS) $(patsubst %,$(BUILD)/guests/obj/%.o,$(GUEST_NAMES))

$(BUILD)/guests/obj/%.o: $(GUEST_DIR)/%.c
	@mkdir -p $(dir $@)
	$(GUEST_Q)$(CC) $(GUEST_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/guests/obj/%.o: $(GUEST_DIR)/%.S
	@mkdir -p $(dir $@)
	$(GUEST_Q)$(CC) $(GUEST_ASFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/guests/%: $(BUILD)/guests/obj/%.o $(GUEST_LIB_OBJS) $(GUEST_DIR)/lib/guest.lds
	@echo "  GUEST	$@"
	$(GUEST_Q)$(CC) $(GUEST_LDFLAGS) -T $(call GUEST_LDS,$*) -o $@ $< $(GUEST_LIB_OBJS)

-include $(wildcard $(BUILD)/guests/obj/*.d $(BUILD)/guests/obj/lib/*.d)
