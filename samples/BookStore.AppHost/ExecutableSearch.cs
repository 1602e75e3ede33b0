namespace BookStore.AppHost;

/// <summary>Finds executables the way a shell does, by searching the directories in PATH.</summary>
internal static class ExecutableSearch
{
    /// <summary>Returns the full path of the first file named <paramref name="name"/> in PATH, or null.</summary>
    /// <remarks>On Windows the PATHEXT extensions (.exe, .cmd, ...) are tried too. The execute bit is not checked.</remarks>
    public static string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var extensions = OperatingSystem.IsWindows()
            ? (Environment.GetEnvironmentVariable("PATHEXT") ?? ".EXE").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            : [];

        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }

            foreach (var extension in extensions)
            {
                if (File.Exists(candidate + extension))
                {
                    return candidate + extension;
                }
            }
        }

        return null;
    }
}
