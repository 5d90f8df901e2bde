import ReservationDomain
/// The demo venue's floor file: three areas, 40 tables, open every day so the demo always has a service.
/// The largest table seats 8 and the venue takes parties up to 12: six combinations of neighbouring
/// tables seat 9-12.
enum DemoFloor {
    static let slug = "demo"

    static var toml: String {
        var text = """
            [restaurant]
            slug = "demo"
            name = "Casa Lucía"
            time_zone = "Europe/Madrid"
            phone = "+34 910 000 000"
            email = "reservas@casalucia.example"
            address = "Calle del Prado 12, Madrid"
            description = "Demo venue: modern Spanish, three rooms."
            phone_country_code = "34"
            hold_minutes = 15
            advance_days = 60
            min_party = 1
            max_party = 12
            reminder_hours = 24
            accepts_walk_ins = true

            [[turn_times]]
            up_to_party = 2
            minutes = 90
            [[turn_times]]
            up_to_party = 4
            minutes = 120
            [[turn_times]]
            up_to_party = 12
            minutes = 150

            [[hours]]
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            service = "Lunch"
            opens = "12:30"
            closes = "16:30"
            [[hours]]
            days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
            service = "Dinner"
            opens = "19:00"
            closes = "00:00"

            """
        text += area("Main room", prefix: "T", count: 20, columns: 5, covers: [2, 2, 4, 4, 6, 2, 4, 4, 8, 2],
                     features: [1: "window", 2: "window", 6: "accessible", 13: "quiet", 19: "quiet"])
        text += area("Terrace", prefix: "P", count: 12, columns: 4, covers: [2, 4, 4, 6],
                     features: [1: "outdoor", 5: "outdoor", 9: "outdoor", 4: "accessible"])
        text += area("Bar", prefix: "B", count: 8, columns: 4, covers: [2], features: [:], shape: "bar", width: 3, height: 3)
        text += combinations
        return text
    }

    /// Neighbours on the grid: T4 (4) + T5 (6), T9 (8) + T10 (2), T8 (4) + T9 (8), T18 (4) + T19 (8),
    /// P3 (4) + P4 (6), P7 (4) + P8 (6).
    private static let combinations = [["T4", "T5"], ["T9", "T10"], ["T8", "T9"], ["T18", "T19"], ["P3", "P4"], ["P7", "P8"]]
        .map { "\n[[combinations]]\ntables = [\($0.map { "\"\($0)\"" }.joined(separator: ", "))]\nmin = 7\n" }.joined()

    private static func area(_ name: String, prefix: String, count: Int, columns: Int, covers: [Int],
                             features: [Int: String], shape: String = "rect", width: Int = 4, height: Int = 3) -> String {
        var text = "\n[[areas]]\nname = \"\(name)\"\n"
        for i in 0..<count {
            let n = i + 1
            let max = covers[i % covers.count]
            let col = i % columns, row = i / columns
            let feature = features[n].map { "[\"\($0)\"]" } ?? "[]"
            let tableShape = shape == "rect" && max <= 2 ? "round" : shape
            text += """
                [[areas.tables]]
                label = "\(prefix)\(n)"
                min = \(max >= 6 ? 4 : 1)
                max = \(max)
                x = \(col * (width + 1))
                y = \(row * height)
                w = \(width)
                h = \(height)
                shape = "\(tableShape)"
                features = \(feature)

                """
        }
        return text
    }
}
