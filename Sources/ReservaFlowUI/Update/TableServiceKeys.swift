import Foundation
import ReservationDomain

extension AppState {
    /// `X` on the floor or the timeline: the selected table out of service now (a spill, a wobbly leg), or
    /// back in service, after a y/n on the status line. The core decides (refused while a party sits there;
    /// the bookings still ahead on it are counted in the answer for the host to move).
    mutating func askTableService() {
        guard guardWritable() else { return }
        guard let id = selectedTable, let table = day?.table(id) else {
            message = StatusMessage("Select a table first (move onto it on the floor or the timeline).", isError: true)
            return
        }
        if let shut = day?.sheet.tablesClosed[table.id] {
            message = StatusMessage("\(shut.summary): :floor changes it (x on its row).", isError: true)
            return
        }
        let question = table.active ? "Take \(table.label) out of service now? Nobody is offered it until it is back. (y/n)"
                                    : "Put \(table.label) back in service? (y/n)"
        overlay = .confirm(ConfirmPrompt(question, .tableService(table.label, inService: !table.active)), under: nil)
    }
}
