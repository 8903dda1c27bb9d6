namespace Mle.Tests.Integration.Deployment;

/// <summary>The checkout the tests were built from: the first folder above the test binaries that holds the solution.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(folder.FullName, "Orleans.Mle.sln")))
            {
                return folder.FullName;
            }
        }
        throw new InvalidOperationException($"No Orleans.Mle.sln above {AppContext.BaseDirectory}.");
    }
}
