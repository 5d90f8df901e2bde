import Foundation

/// What a staff (or guest) password must be. No network and no large list: the passwords attackers try
/// first (the most common leaked ones), trivial shapes, and the account's own name are refused, each with
/// a message that says why, so the person choosing one can do better.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumLength = 200

    /// nil when acceptable, else what is wrong with it.
    public static func problem(_ password: String, username: String? = nil) -> String? {
        if password.count < minimumLength { return "Use at least \(minimumLength) characters." }
        if password.count > maximumLength { return "Use at most \(maximumLength) characters." }
        if password.allSatisfy(\.isWhitespace) { return "A password cannot be only spaces." }
        let folded = password.lowercased()
        if common.contains(folded) || common.contains(folded.trimmingCharacters(in: .whitespaces)) {
            return "That is one of the most common passwords, the first an attacker tries. Choose another."
        }
        if Set(folded).count < 4 { return "Use at least 4 different characters." }
        if isSequence(folded) { return "A run like abcdefgh or 12345678 is guessed at once. Choose another." }
        if let username {
            let u = username.lowercased()
            if u.count >= 3 && folded.contains(u) { return "A password cannot contain the username." }
        }
        return nil
    }

    /// Every step between neighbouring characters is the same +1 or -1 ("abcdef", "98765").
    static func isSequence(_ text: String) -> Bool {
        let scalars = text.unicodeScalars.map { Int($0.value) }
        guard scalars.count >= 3 else { return false }
        let step = scalars[1] - scalars[0]
        guard step == 1 || step == -1 else { return false }
        return zip(scalars, scalars.dropFirst()).allSatisfy { $1 - $0 == step }
    }

    /// The most common leaked passwords of eight characters or more (shorter ones fail the length rule).
    static let common: Set<String> = [
        "password", "password1", "password12", "password123", "password!", "passw0rd", "p@ssw0rd", "p@ssword",
        "12345678", "123456789", "1234567890", "12345678910", "123123123", "11111111", "00000000", "88888888",
        "87654321", "qwertyui", "qwertyuiop", "qwerty123", "qwerty12", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx",
        "zaq12wsx", "qazwsxedc", "asdfghjkl", "asdfasdf", "zxcvbnm1", "iloveyou", "iloveyou1", "sunshine",
        "princess", "football", "baseball", "welcome1", "welcome123", "abc12345", "abcd1234", "admin123",
        "administrator", "letmein1", "trustno1", "superman", "starwars", "whatever", "computer", "internet",
        "michelle", "jennifer", "corvette", "mercedes", "mustang1", "master12", "monkey12", "dragon12",
        "shadow12", "changeme", "changeme1", "secret123", "1234qwer", "q1w2e3r4", "q1w2e3r4t5", "a1b2c3d4",
        "11223344", "12341234", "12121212", "112233445566", "789456123", "987654321", "147258369", "159753456",
        "contraseña", "contrasena", "contraseña1", "micontraseña", "restaurant", "restaurante", "reservaflow",
        "reservation", "reserva123", "bienvenido", "password2024", "password2025", "password2026", "summer2024",
        "summer2025", "winter2025", "qwertyqwerty", "asdf1234", "zxcv1234", "test1234", "testtest", "guest123",
    ]
}
