import Foundation
@testable import ReservationCore
@testable import ReservationDomain

/// A database of its own with a small venue open around the clock (two overlapping services, so any
/// moment of any day is bookable: tests do not depend on when CI runs), two staff and no bookings.
final class E2EVenue {
    let database: String
    let databaseURL: String
    let book: ReservationBook
    let restaurant: Restaurant
    static let hostPassword = "podium-stand-7"
    static let managerPassword = "floor-plan-42"

    /// `timeZone`: the venue's zone (UTC by default). A test that lays rows around the real now, hours
    /// either side, passes `middayZone` so none of them falls on another local day whenever it runs.
    init(timeZone: String = "UTC") throws {
        database = try TestStack.makeDatabase()
        databaseURL = TestStack.url(forDatabase: database)
        book = try ReservationBook(configuration: Configuration(databaseURL: databaseURL, redisURL: TestStack.settings.redisURL))
        let floor = Self.floor.replacingOccurrences(of: "time_zone = \"UTC\"", with: "time_zone = \"\(timeZone)\"")
        restaurant = try book.importFloor(FloorFile.parse(floor), actor: .commandLine(user: "e2e"))
        try book.addStaff(username: "ana", displayName: "Ana Host", role: .host, password: Self.hostPassword,
                          restaurants: [restaurant.id], actor: .commandLine(user: "e2e"))
        try book.addStaff(username: "marco", displayName: "Marco Manager", role: .manager, password: Self.managerPassword,
                          restaurants: [restaurant.id], actor: .commandLine(user: "e2e"))
    }

    deinit { TestStack.dropDatabase(database) }

    var environment: [String: String] {
        ["DATABASE_URL": databaseURL, "REDIS_URL": TestStack.settings.redisURL,
         "XDG_STATE_HOME": FileManager.default.temporaryDirectory.appendingPathComponent("rf-e2e-state").path]
    }

    /// The TUI signed in as `user`, on the venue, at the given size.
    func signedIn(_ user: String = "ana", width: Int = 160, height: Int = 48, extra: [String] = [],
                  signalsBlocked: Bool = false) throws -> TmuxSession {
        let tui = try TmuxSession(arguments: ["--restaurant", "e2e", "--user", user] + extra, environment: environment,
                                  width: width, height: height, signalsBlocked: signalsBlocked)
        try tui.waitFor(text: "Password")
        try tui.type(user == "ana" ? Self.hostPassword : Self.managerPassword)
        try tui.press("Enter")
        try tui.waitFor(text: "E2E Bistro")
        try tui.waitFor("the day to load") { !$0.contains("Loading") }
        return tui
    }

    /// `]`, then waits until tomorrow's book has arrived: a key pressed while the day is still loading has
    /// no day to act on.
    func goToTomorrow(_ tui: TmuxSession) throws {
        try tui.press("]")
        let header = "\(tomorrow.weekdayName.prefix(3)) \(tomorrow.day)"
        try tui.waitFor("tomorrow's book") { $0.contains(header) && !$0.contains("oading") && $0.contains("covers") }
    }

    var clock: ZonedClock { restaurant.clock }
    var today: LocalDate { clock.localDate(of: Date()) }
    var tomorrow: LocalDate { today.adding(days: 1) }

    func tableID(_ label: String) throws -> TableID {
        guard let t = try book.tables(restaurantID: restaurant.id).first(where: { $0.label == label }) else {
            throw E2EError("no table \(label)")
        }
        return t.id
    }

    /// The day's reservations as the database has them.
    func entries(on date: LocalDate) throws -> [BookEntry] { try book.daySheet(restaurantID: restaurant.id, date: date).entries }

    /// Polls the database until `predicate` holds (the TUI writes through its worker thread).
    @discardableResult
    func waitForEntries(on date: LocalDate, _ what: String, timeout: TimeInterval = 10,
                        _ predicate: ([BookEntry]) -> Bool) throws -> [BookEntry] {
        let deadline = Date().addingTimeInterval(timeout)
        var last: [BookEntry] = []
        while Date() < deadline {
            last = try entries(on: date)
            if predicate(last) { return last }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw E2EError("timed out waiting for \(what); the book has \(last.map { "\($0.customer.name) \($0.tableLabel) \($0.reservation.status)" })")
    }

    /// A fixed-offset zone in which it is between 11:00 and 13:00 now ("Etc/GMT-5" is UTC+5: POSIX signs).
    static var middayZone: String {
        let utcHour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: Date()).hour ?? 12
        var offset = 12 - utcHour                      // -11 ... +12
        if offset < -11 { offset += 24 }
        return offset == 0 ? "UTC" : "Etc/GMT\(offset > 0 ? "-" : "+")\(abs(offset))"
    }

    static let floor = """
        [restaurant]
        slug = "e2e"
        name = "E2E Bistro"
        time_zone = "UTC"
        phone_country_code = "34"
        max_party = 8

        [[turn_times]]
        up_to_party = 8
        minutes = 90

        \(Fixtures.aroundTheClock)

        [[areas]]
        name = "Room"
          [[areas.tables]]
          label = "T1"
          max = 2
          x = 0
          y = 0
          w = 4
          h = 3
          [[areas.tables]]
          label = "T2"
          max = 4
          x = 6
          y = 0
          w = 4
          h = 3
          [[areas.tables]]
          label = "T3"
          max = 4
          x = 12
          y = 0
          w = 4
          h = 3
          [[areas.tables]]
          label = "T4"
          max = 6
          x = 0
          y = 3
          w = 4
          h = 3
        """
}

extension E2EVenue {
    /// The manager signed in at 80x22 with `:venue`'s hold-minutes prompt open, its value selected (typing
    /// replaces it).
    func holdMinutesPrompt() throws -> TmuxSession {
        let manager = try signedIn("marco", width: 80, height: 22)
        try manager.press([":", "venue", "Enter"])
        try manager.waitFor(text: "Hold minutes")
        try manager.press(["/", "hold", "Enter", "Enter"])
        try manager.waitFor(text: "how long an online hold waits")
        return manager
    }
}
