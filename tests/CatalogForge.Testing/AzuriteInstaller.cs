using System.Diagnostics;

namespace CatalogForge.Testing;

/// <summary>Makes sure node_modules/.bin/azurite exists, running <c>npm ci</c> once (under a file lock) when it does not.</summary>
public static class AzuriteInstaller
{
    public static async Task<string> EnsureInstalledAsync()
    {
        var azurite = Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", "azurite");
        if (File.Exists(azurite))
        {
            return azurite;
        }

        var lockPath = Path.Combine(RepositoryRoot.Path, "node_modules.install.lock");
        using var fileLock = await AcquireAsync(lockPath);
        if (!File.Exists(azurite))
        {
            var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(npm) ?? throw new InvalidOperationException("npm did not start.");
            var stderr = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !File.Exists(azurite))
            {
                throw new InvalidOperationException($"npm ci failed ({process.ExitCode}): {await stderr}");
            }
        }

        return azurite;
    }

    private static async Task<FileStream> AcquireAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }
}
