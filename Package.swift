// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ReservaFlow",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ReservationCore", targets: ["ReservationCore"]),
        .executable(name: "reservaflow", targets: ["reservaflow"]),
        .executable(name: "reservaflowd", targets: ["reservaflowd"]),
        .executable(name: "reservaflow-api", targets: ["reservaflow-api"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // No traits: swift-configuration and the full-Foundation extras are not used, and cost build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
    ],
    targets: [
        // C libraries: one module each, reached only through the wrappers in ReservationCore/Native
        // (and TerminalBackend for ncurses).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        .systemLibrary(name: "CSodium", path: "Sources/CSodium"),
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(
            name: "CNcurses", path: "Sources/CNcurses",
            linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),

        .target(
            name: "ReservationCore",
            dependencies: [
                "CLibPQ", "CHiredis", "CSodium", "CCurl",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // Pure UI: state, messages, update, render into a screen buffer. No ncurses, no I/O.
        .target(
            name: "ReservaFlowUI",
            dependencies: ["ReservationCore", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The one module that touches the terminal.
        .target(name: "TerminalBackend", dependencies: ["CNcurses", "ReservaFlowUI"]),
        .executableTarget(
            name: "reservaflow",
            dependencies: [
                "ReservationCore", "ReservaFlowUI", "TerminalBackend",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // The companion daemon (docs/daemon.md): its services as a library the tests drive with controlled
        // time, and the executable that runs them under swift-service-lifecycle.
        .target(
            name: "ReservaFlowDaemon",
            dependencies: [
                "ReservationCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .executableTarget(
            name: "reservaflowd",
            dependencies: [
                "ReservaFlowDaemon", "ReservationCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // The online channel (docs/api.md): the original's REST API on Hummingbird 2, as a library the tests
        // start in-process on a loopback port, and the executable.
        .target(
            name: "ReservaFlowAPI",
            dependencies: [
                "ReservationCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "reservaflow-api",
            dependencies: [
                "ReservaFlowAPI", "ReservationCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // Benchmarks are a program, not timed tests: `make bench`.
        .executableTarget(name: "reservaflow-bench", dependencies: ["ReservationCore", "ReservaFlowUI"]),

        // The fault suite (`make test-faults`): concurrent clients, a stalled client, and the checker that
        // judges a round from the database. A library so the test suite can prove the checker catches losses.
        .target(
            name: "FaultSuite",
            dependencies: ["ReservationCore", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "reservaflow-faults",
            dependencies: ["FaultSuite", "ReservationCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .testTarget(name: "ReservationCoreTests", dependencies: ["ReservationCore"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["ReservationCore", "ReservaFlowDaemon", "ReservaFlowAPI", "FaultSuite", .product(name: "Logging", package: "swift-log")],
            exclude: ["Support/smtp_sink.py"]),
        .testTarget(name: "ReservaFlowUITests", dependencies: ["ReservaFlowUI", "ReservationCore"]),
    ],
    swiftLanguageModes: [.v6]
)
