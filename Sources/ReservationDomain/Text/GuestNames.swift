import Foundation

/// Whether a name typed with a phone already on file is that guest's, or someone else's.
///
/// A returning guest is recognised by phone, but a different name with a known number is not silently
/// booked under the guest on file ("Pedro Gil" with Marta Vidal's number): the host is asked. A name that
/// could be the same person still books them: case and accents aside ("ana garcia" for "Ana García"),
/// part of the name ("Ana" for "García López, Ana"), or initials ("L. Garrido" for "Lucía Garrido").
public enum GuestNames {
    /// Lower-cased, accents removed, split into words (punctuation is a separator).
    public static func words(_ name: String) -> [String] {
        name.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
    }

    /// True when every word typed is a word of the name on file, or the initial of one.
    public static func couldBe(_ typed: String, onFile: String) -> Bool {
        let typedWords = words(typed), fileWords = words(onFile)
        guard !typedWords.isEmpty else { return false }
        return typedWords.allSatisfy { w in
            fileWords.contains { $0 == w || (w.count == 1 && $0.hasPrefix(w)) }
        }
    }
}
