import WardenCLI
@main struct Main { static func main() async { await WardenCommand.main() } }
