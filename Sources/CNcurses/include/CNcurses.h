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
int rf_setlocale_all(void);
int rf_key_resize(void);
int rf_key_mouse(void);
FILE *rf_stdout(void);
FILE *rf_stdin(void);
// Puts one cell with its full grapheme (wide or combined) using cchar_t.
int rf_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair);
