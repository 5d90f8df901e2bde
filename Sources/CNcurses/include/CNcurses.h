#pragma once
// SwiftPM drops -D_XOPEN_SOURCE, so wide-character curses must be requested here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#include <wchar.h>

// Swift 6 rejects curses' mutable globals and cannot import its macros; read them through these.
WINDOW *rf_stdscr(void);
int rf_lines(void);
int rf_cols(void);
int rf_has_cursor_addressing(void);
int rf_colors(void);
int rf_color_pairs(void);
attr_t rf_attr_bold(void);
attr_t rf_attr_underline(void);
attr_t rf_attr_reverse(void);
attr_t rf_attr_dim(void);
attr_t rf_attr_normal(void);
mmask_t rf_mouse_all_events(void);
mmask_t rf_mouse_button1_pressed(void);
mmask_t rf_mouse_button1_clicked(void);
mmask_t rf_mouse_button4_pressed(void);
mmask_t rf_mouse_button5_pressed(void);
// Takes the session's locale (setlocale(LC_ALL, "")) and makes sure characters are UTF-8: a session with
// no locale or C/POSIX (sshd without AcceptEnv) gets C.UTF-8 or en_US.UTF-8 for LC_CTYPE. Returns 0 when
// the session's own locale is UTF-8, 1 when one was found, 2 when characters are not UTF-8 (a legacy
// charset the session chose, or no UTF-8 locale installed): draw ASCII only. `chosen` gets LC_CTYPE's name.
int rf_choose_locale(char *chosen, size_t size);
int rf_key_resize(void);
int rf_key_mouse(void);
FILE *rf_stdout(void);
FILE *rf_stdin(void);
// Puts one cell with its full grapheme (wide or combined) using cchar_t.
int rf_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair);

// newterm on the process's own stdout/stdin (FILE* globals are unreachable from Swift 6).
SCREEN *rf_newterm(const char *term);
// One key without blocking: 0 none, 1 a character in *value, 2 a key code (KEY_*) in *value.
int rf_read_key(unsigned int *value);
// The pending mouse event: 1 if there was one.
int rf_get_mouse(int *x, int *y, unsigned long *bstate);
// Turns mouse reporting on (clicks and wheel) or off.
void rf_mouse(int on);
// Curses attribute bits for the UI's flags: 1 bold, 2 underline, 4 reverse, 8 dim.
attr_t rf_attrs(int flags);
int rf_key_code_yes(void);

// The crash guard (as htop's CRT does): whatever signal kills the program, the terminal is given back as
// it was found. `install` saves the terminal's modes and catches SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
// SIGTERM, SIGHUP and SIGQUIT (the last three only when not ignored, as under nohup), before newterm.
// `arm` (after newterm) prepares the escape sequences that undo the screen (alternate screen, hidden
// cursor, keypad mode, attributes, mouse reporting when `mouse`); `active` 0 while the terminal is the
// shell's (suspended). The handler writes them with write(2), restores the saved modes with tcsetattr
// (both async-signal-safe), puts back the signal's previous action (the default, or the Swift runtime's
// crash reporter) and lets it act. `uninstall` puts every previous action back.
void rf_crash_guard_install(void);
void rf_crash_guard_arm(int mouse);
void rf_crash_guard_active(int active);
void rf_crash_guard_uninstall(void);
int rf_key_f0(void);
