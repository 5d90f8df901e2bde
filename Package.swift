// swift-tools-version: 6.1
import PackageDescription

// No `platforms:` list: ReservaFlow runs on Linux only (Glibc throughout, ncursesw with tinfo, Debian's header
// paths in the C module maps), and a list naming an Apple platform would claim a build nobody makes.
let package = Package(
    name: "ReservaFlow",
    products: [
        .library(name: "ReservationCore", targets: ["ReservationCore"]),
        .executable(name: "reservaflow", targets: ["reservaflow"]),
        .executable(name: "reservaflowd", targets: ["reservaflowd"]),
        .executable(name: "reservaflow-api", targets: ["reservaflow-api"]),
    ],
    // Exact versions, and dependencies.lock.txt records every package they resolve to (theirs too): `make test`
    // refuses a resolution that differs from it. An upgrade changes both in one commit (`make deps-lock`).
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", exact: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        // No traits: swift-configuration and the full-Foundation extras are not used, and cost build time.
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1", traits: []),
    ],
    targets: [
        // C libraries: one module each, reached only through the wrappers in ReservationNative
        // (and TerminalBackend for ncurses).
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ"),
        .systemLibrary(name: "CHiredis", path: "Sources/CHiredis"),
        .systemLibrary(name: "CSodium", path: "Sources/CSodium"),
        .target(name: "CCurl", path: "Sources/CCurl", linkerSettings: [.linkedLibrary("curl")]),
        .target(
            name: "CNcurses", path: "Sources/CNcurses",
            linkerSettings: [.linkedLibrary("ncursesw"), .linkedLibrary("tinfo")]),

        // The layers, bottom up (docs/architecture.md). The domain: value types, rules, validation, time and
        // text; no C library, no I/O. Every front end speaks it.
        .target(name: "ReservationDomain"),
        // POSIX helpers for every program: signal masks, syscalls that retry EINTR and throw, data directories.
        .target(name: "POSIXSupport"),
        // The thin Swift wrappers over libpq, hiredis, libsodium and libcurl: the only Swift code that sees a C type.
        .target(name: "ReservationNative", dependencies: ["ReservationDomain", "CLibPQ", "CHiredis", "CSodium", "CCurl"]),
        // The reservation book: every rule that needs the database or Redis, and the SQL that keeps it.
        .target(
            name: "ReservationCore",
            dependencies: [
                "ReservationDomain", "ReservationNative", "POSIXSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]),
        // Pure UI: state, messages, update, render into a screen buffer. No ncurses, no I/O, no C library:
        // it depends on the domain only.
        .target(
            name: "ReservaFlowUI",
            dependencies: ["ReservationDomain", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The one module that touches the terminal.
        .target(name: "TerminalBackend", dependencies: ["CNcurses", "POSIXSupport", "ReservationDomain", "ReservaFlowUI"]),
        // The podium's glue between the pure UI and the book, without a terminal: the worker that performs the
        // UI's effects, the live feed, theme files. A library so it is tested without a screen.
        .target(
            name: "PodiumRuntime",
            dependencies: [
                "POSIXSupport", "ReservationDomain", "ReservationCore", "ReservaFlowUI",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "reservaflow",
            dependencies: [
                "POSIXSupport", "ReservationDomain", "ReservationNative", "ReservationCore", "ReservaFlowUI", "TerminalBackend", "PodiumRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // The companion daemon (docs/daemon.md): its services as a library the tests drive with controlled
        // time, and the executable that runs them under swift-service-lifecycle.
        .target(
            name: "ReservaFlowDaemon",
            dependencies: [
                "POSIXSupport", "ReservationDomain", "ReservationNative", "ReservationCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
            ]),
        .executableTarget(
            name: "reservaflowd",
            dependencies: [
                "ReservaFlowDaemon", "POSIXSupport", "ReservationDomain", "ReservationCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // The online channel (docs/api.md): the original's REST API on Hummingbird 2, as a library the tests
        // start in-process on a loopback port, and the executable.
        .target(
            name: "ReservaFlowAPI",
            dependencies: [
                "ReservationDomain", "ReservationNative", "ReservationCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .executableTarget(
            name: "reservaflow-api",
            dependencies: [
                "ReservaFlowAPI", "POSIXSupport", "ReservationDomain", "ReservationCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // Benchmarks are a program, not timed tests: `make bench`.
        .executableTarget(name: "reservaflow-bench", dependencies: ["ReservationDomain", "ReservationNative", "ReservationCore", "ReservaFlowUI"]),

        // The fault suite (`make test-faults`): concurrent clients, a stalled client, and the checker that
        // judges a round from the database. A library so the test suite can prove the checker catches losses.
        .target(
            name: "FaultSuite",
            dependencies: ["ReservationDomain", "ReservationNative", "ReservationCore", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(
            name: "reservaflow-faults",
            dependencies: ["FaultSuite", "ReservationDomain", "ReservationCore", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        .testTarget(name: "ReservationDomainTests", dependencies: ["ReservationDomain"], exclude: ["Golden"]),
        .testTarget(name: "ReservationCoreTests", dependencies: ["POSIXSupport", "ReservationDomain", "ReservationNative", "ReservationCore"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ReservationDomain", "ReservationNative", "ReservationCore", "ReservaFlowDaemon", "ReservaFlowAPI", "FaultSuite",
                .product(name: "Logging", package: "swift-log"),
                // The API's routes in-process (Tests/IntegrationTests/API/APIRouteTests.swift).
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            exclude: ["Support/smtp_sink.py", "Golden"]),
        // Links no C library: the UI is tested on the domain alone.
        .testTarget(name: "ReservaFlowUITests", dependencies: ["ReservaFlowUI", "ReservationDomain"]),
        .testTarget(name: "PodiumRuntimeTests", dependencies: ["PodiumRuntime", "ReservaFlowUI", "ReservationDomain"]),
    ],
    swiftLanguageModes: [.v6]
)
