using Mle.Data;

namespace Mle.Endpoints;

/// <summary>Scores for SDK clients through this silo's <see cref="EndpointServing"/>; holds nothing between calls.</summary>
[StatelessWorker]
public sealed class EndpointServingGrain(EndpointCatalog catalog, EndpointServing serving) : Grain, IEndpointServingGrain
{
    public async Task<EndpointScoreResult> Score(string endpoint, ColumnBatch rows)
    {
        var slash = endpoint.IndexOf('/', StringComparison.Ordinal);
        var compiled = await catalog.Find(endpoint[..slash], endpoint[(slash + 1)..], CancellationToken.None);
        var score = await serving.Score(compiled, rows);
        var parts = new List<ColumnBatch>();
        var partOfRow = new int[score.RowCount];
        var rowInPart = new int[score.RowCount];
        for (var row = 0; row < score.RowCount; row++)
        {
            var (outputs, at) = score.Prediction(row);
            var index = parts.FindIndex(p => ReferenceEquals(p, outputs));
            if (index < 0)
            {
                index = parts.Count;
                parts.Add(outputs);
            }
            partOfRow[row] = index;
            rowInPart[row] = at;
        }
        var routes = score.Routes.Select(r => new EndpointRoute(
            r.Steps.ToDictionary(s => s.Key, s => s.Value), [.. r.Models.Select(m => new RoutedModel(m.Model, m.Version))])).ToList();
        return new EndpointScoreResult(compiled.Name, compiled.Version, parts, partOfRow, rowInPart, routes);
    }
}
