using CatalogForge.AiEmulator;

var app = EmulatorApp.Build(args);
await app.StartAsync();
Console.WriteLine($"CatalogForge AI emulator listening on {string.Join(", ", app.ListeningAddresses())} (Ctrl+C to stop)");
await app.WaitForShutdownAsync();
