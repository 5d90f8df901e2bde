import ReservationDomain

/// Where everything goes for a terminal size. Shared by render and update (scrolling, mouse hits),
/// so both always agree on what is on screen.
public struct Layout: Sendable, Hashable {
    public enum Mode: Sendable, Hashable {
        /// Below 80x22: only a "please enlarge" message.
        case tooSmall
        /// One main pane, Tab switches.
        case compact
        /// Floor, timeline and guest side by side (160x48 and up).
        case full
    }

    /// 80x22, not 80x24: a standard 80x24 terminal is 80x23 inside tmux or screen (their status line), and
    /// 80x22 with a second status line; all of those must work, so the layout is made to fit 22 rows.
    public static let minimum = Size(width: 80, height: 22)
    public static let fullMinimum = Size(width: 160, height: 48)
    public static let customerWidth = 46

    public var mode: Mode
    public var header: Rect
    public var body: Rect
    public var status: Rect
    public var footer: Rect
    public var floor: Rect?
    public var timeline: Rect?
    public var customer: Rect?

    public init(size: Size, focus: Pane) {
        let w = size.width, h = size.height
        header = Rect(x: 0, y: 0, width: w, height: 2)
        body = Rect(x: 0, y: 2, width: w, height: h - 4)
        status = Rect(x: 0, y: h - 2, width: w, height: 1)
        footer = Rect(x: 0, y: h - 1, width: w, height: 1)
        if w < Layout.minimum.width || h < Layout.minimum.height {
            mode = .tooSmall
            return
        }
        if w >= Layout.fullMinimum.width && h >= Layout.fullMinimum.height {
            mode = .full
            let cw = Layout.customerWidth
            let left = Rect(x: 0, y: body.y, width: w - cw, height: body.height)
            let floorH = left.height * 5 / 12
            floor = Rect(x: 0, y: left.y, width: left.width, height: floorH)
            timeline = Rect(x: 0, y: left.y + floorH, width: left.width, height: left.height - floorH)
            customer = Rect(x: w - cw, y: body.y, width: cw, height: body.height)
        } else {
            mode = .compact
            switch focus {
            case .floor: floor = body
            case .timeline: timeline = body
            case .customer: customer = body
            }
        }
    }

    public func rect(of pane: Pane) -> Rect? {
        switch pane {
        case .floor: floor
        case .timeline: timeline
        case .customer: customer
        }
    }
}

/// The timeline's grid inside its pane.
public struct TimelineGeometry: Sendable, Hashable {
    public static let labelWidth = 9
    public var pane: Rect
    /// Cells per 15-minute column: 2 at least, wider when the whole day fits with room to spare.
    public var slotWidth: Int
    /// Row of hour labels.
    public var headerY: Int
    /// Where slot columns start.
    public var gridX: Int
    public var visibleSlots: Int
    public var visibleRows: Int
    public var firstRowY: Int

    public init(pane: Rect, slotCount: Int) {
        self.pane = pane
        let inner = pane.inner
        headerY = inner.y
        gridX = inner.x + TimelineGeometry.labelWidth
        let room = max(0, inner.width - TimelineGeometry.labelWidth)
        slotWidth = min(4, max(2, room / max(1, slotCount)))
        visibleSlots = room / slotWidth
        firstRowY = inner.y + 1
        visibleRows = max(0, inner.height - 1)
    }

    public func x(ofSlot slot: Int, scroll: Int) -> Int { gridX + (slot - scroll) * slotWidth }
}

/// Tables of one area scaled from their abstract grid positions into the floor pane.
public struct FloorGeometry: Sendable, Hashable {
    public var tabsY: Int
    public var plan: Rect
    public var legendY: Int?
    public var rects: [(TableID, Rect)]

    public static func == (a: FloorGeometry, b: FloorGeometry) -> Bool {
        a.tabsY == b.tabsY && a.plan == b.plan && a.legendY == b.legendY
            && a.rects.map(\.0) == b.rects.map(\.0) && a.rects.map(\.1) == b.rects.map(\.1)
    }
    public func hash(into h: inout Hasher) { h.combine(plan) }

    public init(pane: Rect, tables: [DiningTable]) {
        let inner = pane.inner
        tabsY = inner.y
        let hasLegend = inner.height >= 8
        legendY = hasLegend ? inner.maxY - 1 : nil
        plan = Rect(x: inner.x + 1, y: inner.y + 2, width: inner.width - 2, height: inner.height - 2 - (hasLegend ? 1 : 0))
        let maxX = max(1, tables.map { $0.x + max(1, $0.width) }.max() ?? 1)
        let maxY = max(1, tables.map { $0.y + max(1, $0.height) }.max() ?? 1)
        // Whole cells per grid unit keep table edges aligned; the caps keep a sparse plan from ballooning.
        // A plan larger than the pane is scaled down instead, so no table is ever cut off the screen.
        func scale(_ room: Int, _ extent: Int, cap: Int) -> Double {
            let fit = Double(room) / Double(extent)
            return fit >= 1 ? Double(min(cap, Int(fit))) : fit
        }
        let sx = scale(plan.width, maxX, cap: 8), sy = scale(plan.height, maxY, cap: 4)
        let p = plan
        rects = tables.map { t in
            let x0 = Int(Double(t.x) * sx), x1 = Int(Double(t.x + max(1, t.width)) * sx)
            let y0 = Int(Double(t.y) * sy), y1 = Int(Double(t.y + max(1, t.height)) * sy)
            let r = Rect(x: p.x + x0, y: p.y + y0, width: max(1, x1 - x0 - 1), height: max(1, y1 - y0))
            return (t.id, r.intersection(p))
        }
    }

    public func table(atX x: Int, y: Int) -> TableID? { rects.first { $0.1.contains(x: x, y: y) }?.0 }
}
