import Foundation
import ReservationDomain

/// A day's sheet read (at start, on a change anywhere, after every change made here) and where the
/// timeline cursor goes with it.
extension AppState {
    mutating func dayLoaded(_ sheet: DaySheet, _ fx: inout [Effect]) {
        guard sheet.date == date else { return }  // an answer for a day we have left
        loading = false
        let first = day == nil || day?.sheet.date != sheet.date
        clock = sheet.restaurant.clock
        today = clock.localDate(of: now)
        day = DayIndex(sheet: sheet)
        guard let day else { return }
        areaIndex = min(areaIndex, max(0, day.areas.count - 1))
        if selectedTable == nil || day.table(selectedTable!) == nil || first && selectedTable.map({ day.table($0)?.areaID != day.areas[safe: areaIndex]?.id }) == true {
            selectedTable = day.tablesByArea[safe: areaIndex]?.first?.id
        }
        cursorTable = min(cursorTable, max(0, day.tables.count - 1))
        if first { cursorMoved = false }
        if !cursorMoved { followNow() }
        cursorSlot = min(cursorSlot, max(0, day.slots.count - 1))
        ensureCursorVisible()
        syncSelection(&fx)
        if let id = customer?.customer.id, let fresh = day.sheet.entries.first(where: { $0.customer.id == id })?.customer {
            customer?.customer = fresh
        }
        // Asked again: a table booked or held at another terminal is no longer offered.
        bookingFormChanged(&fx, dayReloaded: true)
    }

    /// Before the host moves it (and after `t`), the timeline cursor sits on now: between services on the next
    /// one's start, after the last on the last. The view opens on the service under way, from its start or, in a
    /// long one, with now a quarter of the way in: at 80 columns lunch used to fill the width at dinner time.
    mutating func followNow() {
        guard let day, !day.slots.isEmpty else { return }
        if isToday {
            cursorSlot = day.slotIndex(containing: now) ?? day.slots.firstIndex { $0 > now } ?? day.slots.count - 1
            let serviceStart = day.serviceStarts.filter { $0 <= cursorSlot }.max() ?? 0
            scrollSlot = max(serviceStart, cursorSlot - timelineVisibleSlots / 4)
        } else {
            cursorSlot = 0
        }
        ensureCursorVisible()
    }
}
