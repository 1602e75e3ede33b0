using System.ComponentModel;
using System.Diagnostics;

namespace BookStore.AppHost;

/// <summary>Result of a container runtime check: whether containers can run, and if not, why.</summary>
internal sealed record ContainerRuntimeStatus(bool IsAvailable, string Reason);

/// <summary>Checks whether the Docker CLI reaches a running engine before the app host adds containers.</summary>
internal static class ContainerRuntimeCheck
{
    /// <summary>Runs <c>docker info</c> and reports the engine as available when it exits with code 0.</summary>
    /// <remarks>
    /// A <c>docker</c> command on PATH is not enough, because machines with only the client installed have no
    /// engine, and then <c>docker info</c> fails. NOTE: Podman, which Aspire also supports, is not checked.
    /// </remarks>
    public static ContainerRuntimeStatus CheckDocker(TimeSpan timeout)
    {
        var startInfo = new ProcessStartInfo("docker", "info")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Process? process;
        try
        {
            process = Process.Start(startInfo);
        }
        catch (Win32Exception exception)
        {
            return new ContainerRuntimeStatus(false, $"the 'docker' command could not be started ({exception.Message}). Install Docker to run Grafana.");
        }

        if (process is null)
        {
            return new ContainerRuntimeStatus(false, "the 'docker' command could not be started.");
        }

        using (process)
        {
            // Read both streams asynchronously so that a full pipe buffer cannot block the process.
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            var standardError = process.StandardError.ReadToEndAsync();

            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                return new ContainerRuntimeStatus(false, $"'docker info' timed out after {timeout.TotalSeconds:0} s.");
            }

            if (process.ExitCode == 0)
            {
                return new ContainerRuntimeStatus(true, string.Empty);
            }

            var error = FirstLine(standardError.Result) ?? FirstLine(standardOutput.Result) ?? "no output";
            return new ContainerRuntimeStatus(
                false,
                $"'docker info' failed with exit code {process.ExitCode} ({error}). Start a Docker engine to run Grafana.");
        }
    }

    private static string? FirstLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
}
