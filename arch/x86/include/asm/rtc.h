/*
 * The MC146818-compatible CMOS real-time clock (PC/AT ports 0x70/0x71).
 */
#ifndef ASM_RTC_H
#define ASM_RTC_H

#define RTC_PORT_INDEX 0x70 /* register select (bit 7: NMI disable) */
#define RTC_PORT_DATA  0x71 /* selected register */

#define RTC_SECONDS	 0x00
#define RTC_MINUTES	 0x02
#define RTC_HOURS	 0x04 /* 12-hour mode: bit 7 = PM */
#define RTC_DAY_OF_MONTH 0x07
#define RTC_MONTH	 0x08
#define RTC_YEAR	 0x09 /* two digits */
#define RTC_REG_A	 0x0a
#define RTC_REG_B	 0x0b

#define RTC_A_UIP    0x80 /* update in progress: registers unstable */
#define RTC_B_24H    0x02 /* 24-hour mode (else 12-hour) */
#define RTC_B_BINARY 0x04 /* binary values (else BCD) */
#define RTC_HOURS_PM 0x80 /* 12-hour mode PM flag */

#endif
