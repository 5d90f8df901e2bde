#include "CNcurses.h"
#include <ncursesw/term.h>
#include <stdio.h>

WINDOW *rf_stdscr(void) { return stdscr; }
int rf_lines(void) { return LINES; }
int rf_cols(void) { return COLS; }
int rf_has_cursor_addressing(void) {
    char *cup = tigetstr("cup");
    return cup != NULL && cup != (char *)-1;
}
int rf_colors(void) { return COLORS; }
int rf_color_pairs(void) { return COLOR_PAIRS; }
attr_t rf_attr_bold(void) { return A_BOLD; }
attr_t rf_attr_underline(void) { return A_UNDERLINE; }
attr_t rf_attr_reverse(void) { return A_REVERSE; }
attr_t rf_attr_dim(void) { return A_DIM; }
attr_t rf_attr_normal(void) { return A_NORMAL; }
mmask_t rf_mouse_all_events(void) { return ALL_MOUSE_EVENTS; }
mmask_t rf_mouse_button1_pressed(void) { return BUTTON1_PRESSED; }
mmask_t rf_mouse_button1_clicked(void) { return BUTTON1_CLICKED; }
mmask_t rf_mouse_button4_pressed(void) { return BUTTON4_PRESSED; }
mmask_t rf_mouse_button5_pressed(void) { return BUTTON5_PRESSED; }
int rf_setlocale_all(void) { return setlocale(LC_ALL, "") != NULL; }
int rf_key_resize(void) { return KEY_RESIZE; }
int rf_key_mouse(void) { return KEY_MOUSE; }
FILE *rf_stdout(void) { return stdout; }
FILE *rf_stdin(void) { return stdin; }
int rf_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}

SCREEN *rf_newterm(const char *term) { return newterm(term, stdout, stdin); }

int rf_read_key(unsigned int *value) {
    wint_t ch = 0;
    int r = wget_wch(stdscr, &ch);
    if (r == ERR) return 0;
    *value = (unsigned int)ch;
    return r == KEY_CODE_YES ? 2 : 1;
}

int rf_get_mouse(int *x, int *y, unsigned long *bstate) {
    MEVENT ev;
    if (getmouse(&ev) != OK) return 0;
    *x = ev.x;
    *y = ev.y;
    *bstate = (unsigned long)ev.bstate;
    return 1;
}

void rf_mouse(int on) {
    if (on) {
        mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    } else {
        mousemask(0, NULL);
    }
}

attr_t rf_attrs(int flags) {
    attr_t a = A_NORMAL;
    if (flags & 1) a |= A_BOLD;
    if (flags & 2) a |= A_UNDERLINE;
    if (flags & 4) a |= A_REVERSE;
    if (flags & 8) a |= A_DIM;
    return a;
}
int rf_key_code_yes(void) { return KEY_CODE_YES; }
int rf_key_f0(void) { return KEY_F0; }
