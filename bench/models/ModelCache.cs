namespace Mle.Bench.Models;

/// <summary>
/// Trained models on disk, keyed by <see cref="ModelSpec.FileName"/>: the first run trains, later runs reuse.
/// A model is written to a temporary file and renamed, so an interrupted run never leaves half a zip behind.
/// </summary>
public sealed class ModelCache(string directory)
{
    public string Directory { get; } = System.IO.Directory.CreateDirectory(directory).FullName;

    /// <summary>The path of the trained model, training it first when it is not cached.</summary>
    public string GetOrTrain(ModelSpec spec)
    {
        var path = Path.Combine(Directory, spec.FileName);
        if (File.Exists(path))
        {
            return path;
        }
        var temporary = path + ".partial";
        using (var stream = File.Create(temporary))
        {
            ModelTrainer.Train(spec, stream);
        }
        File.Move(temporary, path, overwrite: true);
        return path;
    }
}
