/// Validation of `matches:` patterns. Patterns use Swift Regex syntax and must match the whole value.
public enum RegexCheck {
    /// Nil when `pattern` compiles, else the compiler's complaint in one line.
    public static func problem(in pattern: String) -> String? {
        do {
            _ = try Regex(pattern)
            return nil
        } catch {
            let text = String(describing: error).split(separator: "\n").first.map(String.init) ?? "invalid"
            return text.lowercased()
        }
    }
}
