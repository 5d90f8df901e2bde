import Foundation
import ReservaFlowUI
import ReservationDomain
import POSIXSupport

/// Finds and reads `themes/NAME.toml`. Lives here, not in ReservaFlowUI, because it reads files; the worker
/// loads a theme as one of the UI's effects (`:theme`), the executable the one to start with.
public enum ThemeFiles {
    /// Where themes are looked for, first match wins: $RESERVAFLOW_THEMES, ./themes, the themes folder
    /// next to or above the executable, /usr/local/share and /usr/share.
    public static var directories: [String] { DataDirectories.candidates(folder: "themes", environmentKey: "RESERVAFLOW_THEMES") }

    /// Theme names found (file names without .toml), plus the built-in ones.
    public static func available() -> [String] {
        var names: Set<String> = ["default", "monochrome"]
        for d in directories {
            for f in (try? FileManager.default.contentsOfDirectory(atPath: d)) ?? [] where f.hasSuffix(".toml") {
                names.insert(String(f.dropLast(5)))
            }
        }
        return names.sorted()
    }

    public static func load(_ name: String) throws -> Theme {
        guard !name.contains("/"), !name.hasPrefix(".") else { throw ThemeFileError.notFound(name) }
        for d in directories {
            let path = d + "/" + name + ".toml"
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                do { return try Theme.parse(toml: text, fallbackName: name) } catch {
                    throw ThemeFileError.invalid(path: path, reason: error.description)
                }
            }
        }
        if name == "default" { return .builtinDefault }
        if name == "monochrome" { return .builtinMonochrome }
        throw ThemeFileError.notFound(name)
    }

    /// The theme to start with: monochrome whenever NO_COLOR is set (https://no-color.org), else the
    /// one asked for. A theme asked for by name that cannot be loaded is an error (said before the screen
    /// is taken, with the themes there are); a broken `default` file falls back to the built-in one, with
    /// the reason as a note.
    public static func initial(name: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ThemeFileError) -> (Theme, String?) {
        if let nc = environment["NO_COLOR"], !nc.isEmpty { return (.builtinMonochrome, nil) }
        guard let name else {
            do { return (try load("default"), nil) } catch { return (.builtinDefault, "\(error)") }
        }
        do { return (try load(name), nil) } catch let error as ThemeFileError { throw error } catch {
            throw .invalid(path: name, reason: "\(error)")
        }
    }
}

public enum ThemeFileError: Error, CustomStringConvertible, Sendable {
    case notFound(String)
    case invalid(path: String, reason: String)
    public var description: String {
        switch self {
        case .notFound(let n): "No theme \"\(TextSanitizer.excerpt(n))\". The themes are: \(ThemeFiles.available().joined(separator: ", ")) (looked in \(ThemeFiles.directories.joined(separator: ", ")))."
        case .invalid(let p, let r): "\(p): \(r)"
        }
    }
}
