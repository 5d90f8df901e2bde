import Testing
@testable import ReservationDomain
@testable import ReservaFlowUI

/// Whole-screen snapshots against literal expected screens. The fixture, time zone and `now` are fixed,
/// so any change here is a real change of what a host sees: read the diff, then update the literal.
@Suite struct SnapshotTests {
    func loginScreen() -> AppState {
        var s = AppState(config: UIConfig(restaurantID: 1), now: Fixture.now, size: Size(width: 80, height: 24))
        s = Fixture.keys(s, "marta").0
        s = Fixture.send(s, .key(.enter)).0
        s = Fixture.keys(s, "secret").0
        s = Fixture.send(s, .key(.enter)).0
        return Fixture.send(s, .loginFailed(.loginFailed)).0
    }

    func bookingForm() -> AppState {
        var s = Fixture.send(Fixture.keys(Fixture.state(), "jj").0, .key(.tab)).0
        s = Fixture.send(s, .key(.enter)).0
        s = Fixture.keys(s, "García").0
        s = Fixture.send(s, .customersFound(fragment: "García", [Fixture.ana])).0
        return Fixture.send(s, .key(.down)).0
    }

    /// One pane at 80x24: the floor plan of the first area, T1 selected, every status kind visible.
    @Test func theFloorAt80x24() {
        let s = Fixture.state()
        expectScreen(render(s, size: s.size), [
            " Casa Lucía │ Fri 18 Dec (today) · Dinner │ 21:10            Marta Vidal (host) ",
            "  Floor   Timeline   Guest                     DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ Floor ───────────────────────────────────────────────────────────────────────┐",
            "│ 1 Main   2 Terrace   3 Bar                                                   │",
            "│                                                                              │",
            "│ ┌T1(2)────┐       ┌T2(4)────┐       ┌T3(4)────┐       ┌T4(6)──────────┐      │",
            "│ ▶● 1:05 ⚠★│       │▲ +2:05  │       │◔ 21:30  │       │◔ 21:00 +10m   │      │",
            "│ └García Ló┘       └Müller───┘       └王小明───┘       └Zoë 🎉 Party───┘      │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│ ┌T5(4)────┐       ┌T6(8)────────────────┐             ┌T7(4)────┐            │",
            "│ │○ ·22:00 │       │◆ Ana                │             │✕ out    │            │",
            "│ └─────────┘       │booking…             │             └─────────┘            │",
            "│                   │                     │                                    │",
            "│                   │                     │                                    │",
            "│                   └─────────────────────┘                                    │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "│ ○ free  ◔ soon  ● seated  ▲ over turn  ◆ held  ✕ out  ⚠ allergy  ★ VIP       │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "T1 (1-2, window): seated 65 min (García López, Ana ×2) · García López, Ana ×2 20",
            " hjkl move  Enter bookings  n book  w walk-in  s seat  x cancel          ? help ",
        ])
    }

    /// Tab switches to the timeline: blocks with status glyphs, the overrun drawn up to now, wide names aligned.
    @Test func theTimelineAt80x24() {
        let s = Fixture.send(Fixture.state(), .key(.tab)).0
        expectScreen(render(s, size: s.size), [
            " Casa Lucía │ Fri 18 Dec (today) · Dinner │ 21:10            Marta Vidal (host) ",
            "  Floor   Timeline   Guest                     DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ Timeline · now 21:10 ────────────────────────────────────────────────────────┐",
            "│Table   ‹19:00   20:00   21:00   22:00   23:00                                │",
            "│─ Main ───────────────────────────────────────────────────────────────────────│",
            "│T1   1-2 │       ▶●García  ⚠★    ·       ·                                    │",
            "│T2   2-4 ▲Müller 4               ·       ·                                    │",
            "│T3   2-4 │       ·       ┆   ✓王小明 3                                        │",
            "│T4   4-6 │       ·       ◔Zoë 🎉 Party 5                                      │",
            "│T5   2-4 │       ·       ┆       ?Smith 2                                     │",
            "│T6   6-8 │       ·       ┆   ◆Ana                                             │",
            "│T7   2-4 ////////////////┆///////////////////                                 │",
            "│─ Terrace ────────────────────────────────────────────────────────────────────│",
            "│T10  2-4 │       ·       ┆       ·       ·                                    │",
            "│T11  2-4 │       ·       ┆       ·       ·                                    │",
            "│─ Bar ────────────────────────────────────────────────────────────────────────│",
            "│B1   1-2 │       ·       ┆       ·       ·                                    │",
            "│B2   1-2 │       ·       ┆       ·       ·                                    │",
            "│                                                                              │",
            "│                                                                              │",
            "│                                                                              │",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "21:00 · T1 (1-2, window): seated 65 min (García López, Ana ×2) · García López, A",
            " hjkl move  Enter book/act  t now  n book  w walk-in  s seat  x cancel   ? help ",
        ])
    }

    /// At 160x48 floor, timeline and guest show together; allergies sit right under the name.
    @Test func allThreePanesAt160x48() {
        let s = Fixture.send(Fixture.state(width: 160, height: 48), .customerHistoryLoaded(Fixture.ana.id, [Fixture.entries[7]])).0
        expectScreen(render(s, size: s.size), [
            " Casa Lucía │ Fri 18 Dec 2026 (today) · Dinner 19:00-23:30 │ 21:10                                                                           Marta Vidal (host) ",
            "  7 bookings · 21 covers · 2 seated · 1 waiting                                                                                DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ Floor ─────────────────────────────────────────────────────────────────────────────────────────────────────────┐┌ Guest ─────────────────────────────────────┐",
            "│ 1 Main   2 Terrace   3 Bar                                                                                     ││ García López, Ana ★ VIP                    │",
            "│                                                                                                                ││ ! ALLERGIES: shellfish, tree nuts          │",
            "│ ┌T1(2)────────┐         ┌T2(4)────────┐         ┌T3(4)────────┐         ┌T4(6)────────────────┐                ││                                            │",
            "│ ▶● 1:05     ⚠★│         │▲ +2:05      │         │◔ 21:30      │         │◔ 21:00 +10m         │                ││ Phone  +34600123456                        │",
            "│ └García López,┘         └Müller───────┘         └王小明───────┘         └Zoë 🎉 Party─────────┘                ││ Email  ana@example.com                     │",
            "│                                                                                                                ││ Visits 12 · no-shows 1 · cancels 2         │",
            "│                                                                                                                ││ Last visit Tue 3 Nov 2026                  │",
            "│                                                                                                                ││ Tags   regular                             │",
            "│ ┌T5(4)────────┐         ┌T6(8)────────────────────────┐                 ┌T7(4)────────┐                        ││ Notes  Prefers a quiet table; anniversary  │",
            "│ │○ ·22:00     │         │◆ Ana                        │                 │✕ out        │                        ││        in December.                        │",
            "│ └─────────────┘         │booking…                     │                 └─────────────┘                        ││                                            │",
            "│                         │                             │                                                        ││ This booking                               │",
            "│                         │                             │                                                        ││ T1 · 20:00-21:30 · ×2 · seated             │",
            "│                         └─────────────────────────────┘                                                        ││   Anniversary: dessert with candle         │",
            "│                                                                                                                ││                                            │",
            "│ ○ free  ◔ soon  ● seated  ▲ over turn  ◆ held  ✕ out  ⚠ allergy  ★ VIP  ◑ partly here  ◉ all here              ││ History                                    │",
            "└────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘│ 2026-12-18 13:00 B1 ×1 completed           │",
            "┌ Timeline · now 21:10 ──────────────────────────────────────────────────────────────────────────────────────────┐│                                            │",
            "│Table   ‹19:00       20:00       21:00       22:00       23:00                                                  ││                                            │",
            "│─ Main ─────────────────────────────────────────────────────────────────────────────────────────────────────────││                                            │",
            "│T1   1-2 │           ▶●García López, ⚠★      ·           ·                                                      ││                                            │",
            "│T2   2-4 ▲Müller 4                           ·           ·                                                      ││                                            │",
            "│T3   2-4 │           ·           ┆     ✓王小明 3                                                                ││                                            │",
            "│T4   4-6 │           ·           ◔Zoë 🎉 Party 5                                                                ││                                            │",
            "│T5   2-4 │           ·           ┆           ?Smith 2                                                           ││                                            │",
            "│T6   6-8 │           ·           ┆     ◆Ana                                                                     ││                                            │",
            "│T7   2-4 ////////////////////////┆/////////////////////////////                                                 ││                                            │",
            "│─ Terrace ──────────────────────────────────────────────────────────────────────────────────────────────────────││                                            │",
            "│T10  2-4 │           ·           ┆           ·           ·                                                      ││                                            │",
            "│T11  2-4 │           ·           ┆           ·           ·                                                      ││                                            │",
            "│─ Bar ──────────────────────────────────────────────────────────────────────────────────────────────────────────││                                            │",
            "│B1   1-2 │           ·           ┆           ·           ·                                                      ││                                            │",
            "│B2   1-2 │           ·           ┆           ·           ·                                                      ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "│                                                                                                                ││                                            │",
            "└────────────────────────────────────────────────────────────────────────────────────────────────────────────────┘└────────────────────────────────────────────┘",
            "T1 (1-2, window): seated 65 min (García López, Ana ×2) · García López, Ana ×2 20:00-21:30 seated                                                                ",
            " hjkl move  Enter bookings  n book  w walk-in  s seat  x cancel  / search  [ ] day  : cmd  Tab pane  q quit                                              ? help ",
        ])
    }

    /// Below 80x24 only a clear message.
    @Test func belowMinimumSizeAsksToEnlarge() {
        let s = Fixture.send(Fixture.state(), .resize(Size(width: 60, height: 20))).0
        expectScreen(render(s, size: s.size), [
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            " Please enlarge the terminal to at least 80x22 (now 60x20). ",
            "                          q quits.                          ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
            "                                                            ",
        ])
    }

    /// The password is never shown, and the error says what went wrong.
    @Test func loginWithAnError() {
        let s = loginScreen()
        expectScreen(render(s, size: s.size), [
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "              ┌ ReservaFlow · sign in ───────────────────────────┐              ",
            "              │                                                  │              ",
            "              │  Username   marta                                │              ",
            "              │                                                  │              ",
            "              │  Password                                        │              ",
            "              │                                                  │              ",
            "              │  ✗ Wrong username or password.                   │              ",
            "              │                                                  │              ",
            "              │  Enter sign in · Tab field · Ctrl-C quit         │              ",
            "              │                                                  │              ",
            "              └──────────────────────────────────────────────────┘              ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
            "                                                                                ",
        ])
    }

    /// Enter on a free cell (T6 21:00) and a guest lookup with one match highlighted.
    @Test func bookingFormPickingAGuest() {
        let s = bookingForm()
        expectScreen(render(s, size: s.size), [
            " Casa Lucía │ Fri 18 Dec (today) · Dinner │ 21:10            Marta Vidal (host) ",
            "  Floor   Timeline   Guest                     DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ Timeline · now 21:10 ────────────────────────────────────────────────────────┐",
            "│┌ New booking ───────────────────────────────────────────────────────────────┐│",
            "││ Guest   García                    ↓ pick one, or Tab for new               ││",
            "││         ▶ García López, Ana        +34600123456  12 visits VIP !allergies  ││",
            "││ Name    García                                                             ││",
            "││ Phone                                                                      ││",
            "││ Date    2026-12-18                Fri 18 Dec 2026                          ││",
            "││ Time    21:00                     21:00                                    ││",
            "││ Party                                                                      ││",
            "││ Table   T6 (checking…)                                                     ││",
            "││ Notes                                                                      ││",
            "││ E-mail                            for the confirmation mail                ││",
            "││ Status  (•) confirmed  ( ) hold 15 min                                     ││",
            "││                                                                            ││",
            "││                                                                            ││",
            "││                                                                            ││",
            "││                                                                            ││",
            "││ Enter book · Tab/↑↓ field · ←→ on Table/Status · Esc cancel                ││",
            "│└────────────────────────────────────────────────────────────────────────────┘│",
            "└──────────────────────────────────────────────────────────────────────────────┘",
            "21:00 · T6 (6-8): being booked by Ana (21:30-23:30)                             ",
            " Enter book  Tab ↑↓ field  ←→ table/status  Esc cancel                   ? help ",
        ])
    }

    /// --ascii: borders, status glyphs and symbols are plain ASCII; guest names are untouched.
    @Test func asciiModeHasNoBoxDrawing() {
        let s = Fixture.state(ascii: true)
        expectScreen(render(s, size: s.size), [
            " Casa Lucía | Fri 18 Dec (today) - Dinner | 21:10            Marta Vidal (host) ",
            "  Floor   Timeline   Guest                     DB +  Redis +  daemon +  live +  ",
            "+ Floor -----------------------------------------------------------------------+",
            "| 1 Main   2 Terrace   3 Bar                                                   |",
            "|                                                                              |",
            "| +T1(2)----+       +T2(4)----+       +T3(4)----+       +T4(6)----------+      |",
            "| >* 1:05 AV|       |! +2:05  |       |~ 21:30  |       |~ 21:00 +10m   |      |",
            "| +García Ló+       +Müller---+       +王小明---+       +Zoë 🎉 Party---+      |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "| +T5(4)----+       +T6(8)----------------+             +T7(4)----+            |",
            "| |o @22:00 |       |# Ana                |             |x out    |            |",
            "| +---------+       |booking.             |             +---------+            |",
            "|                   |                     |                                    |",
            "|                   |                     |                                    |",
            "|                   +---------------------+                                    |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "| o free  ~ soon  * seated  ! over turn  # held  x out  A allergy  V VIP       |",
            "+------------------------------------------------------------------------------+",
            "T1 (1-2, window): seated 65 min (García López, Ana x2) - García López, Ana x2 20",
            " hjkl move  Enter bookings  n book  w walk-in  s seat  x cancel          ? help ",
        ])
    }

    /// ? shows every binding, grouped.
    @Test func helpListsTheBindings() {
        let s = Fixture.keys(Fixture.state(), "?").0
        expectScreen(render(s, size: s.size), [
            " Casa Lucía │ Fri 18 Dec (today) · Dinner │ 21:10            Marta Vidal (host) ",
            "  Floor   Timeline   Guest                     DB ✓  Redis ✓  daemon ✓  live ✓  ",
            "┌ ┌ Keys (any key closes) ───────────────────────────────────────────────────┐─┐",
            "│ │ Move                                                                     │ │",
            "│ │  ←↓↑→ hjkl    move (floor: nearest table that way)                       │ │",
            "│ │  Tab S-Tab    next / previous pane                                       │ │",
            "│ │  a A 1-9      next / previous / numbered floor area                      │ │",
            "│ │  H L          timeline: an hour earlier / later                          │ │",
            "│ │  PgUp PgDn    timeline: a page of tables                                 │ │",
            "│ │  Home End     timeline: start / end of service                           │ │",
            "│ │  i            guest details of the selection                             │ │",
            "│ │ Days                                                                     │ │",
            "│ │  [ ]          previous / next day                                        │ │",
            "│ │  t            today, the timeline back on now                            │ │",
            "│ │  g            go to a date                                               │ │",
            "│ │ Book                                                                     │ │",
            "│ │  n b          new phone booking                                          │ │",
            "│ │  Enter        floor: table's bookings; timeline: book free cell /        │ │",
            "│ │               actions                                                    │ │",
            "│ │  w            walk-in                                                    │ │",
            "│ │  W            waitlist (s seat, m told ready, K J move, x remove, w add) │ │",
            "└─└──────────────────────────────────────────────────────────────────↓ more──┘─┘",
            "T1 (1-2, window): seated 65 min (García López, Ana ×2) · García López, Ana ×2 20",
            " ↑↓ scroll  any key close                                                ? help ",
        ])
    }

}
