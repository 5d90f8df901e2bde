import Foundation

/// Where files that ship beside the program (themes, mail templates) are looked for, first match wins:
/// the folder an environment variable names, the current directory, next to or above the executable (a
/// checkout's `.build/...` finds the checkout's folder), then /usr/local/share and /usr/share.
public enum DataDirectories {
    public static func candidates(folder: String, environmentKey: String,
                                  environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        var dirs: [String] = []
        if let d = environment[environmentKey], !d.isEmpty { dirs.append(d) }
        dirs.append(FileManager.default.currentDirectoryPath + "/" + folder)
        var exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        dirs.append(exe.appendingPathComponent(folder).path)
        dirs.append(exe.deletingLastPathComponent().appendingPathComponent("share/reservaflow/" + folder).path)
        // .build/<triple>/<config>/binary in a checkout: the checkout is four levels up.
        for _ in 0..<4 { exe.deleteLastPathComponent() }
        dirs.append(exe.appendingPathComponent(folder).path)
        dirs += ["/usr/local/share/reservaflow/" + folder, "/usr/share/reservaflow/" + folder]
        return dirs
    }

    /// The first candidate that exists as a folder.
    public static func first(folder: String, environmentKey: String) -> String? {
        candidates(folder: folder, environmentKey: environmentKey).first { path in
            var isDir: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
        }
    }
}
