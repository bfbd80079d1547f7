import WardenCLI

await WardenMain.run()
