using Mle.Errors;
using Mle.Registry;
using Mle.Schema;
using Mle.Scoring;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

public sealed class ArtifactInspectorTests
{
    private readonly ArtifactInspector _inspector = new();

    [Fact]
    public async Task Binary_classifier_needs_its_features_but_not_its_label()
    {
        var inspected = await _inspector.Inspect(TestModels.BinaryClassifier, flavor: null);

        Assert.Equal(ModelFlavor.MlNet, inspected.Flavor);
        Assert.Equal(["X1", "X2"], inspected.Schema.Inputs.Select(c => c.Name));
        Assert.All(inspected.Schema.Inputs, c => AssertScalar(c, ScalarKind.Single));
        AssertScalar(inspected.Schema.FindOutput("PredictedLabel"), ScalarKind.Boolean);
        AssertScalar(inspected.Schema.FindOutput("Score"), ScalarKind.Single);
        AssertScalar(inspected.Schema.FindOutput("Probability"), ScalarKind.Single);
        Assert.Equal(3, inspected.Schema.Outputs.Length);
    }

    [Fact]
    public async Task Mixed_inputs_map_to_numeric_boolean_text_and_vector_columns_and_drop_intermediate_features()
    {
        var schema = (await _inspector.Inspect(TestModels.MixedInputs, flavor: null)).Schema;

        AssertScalar(schema.FindInput("Age"), ScalarKind.Single);
        AssertScalar(schema.FindInput("IsMember"), ScalarKind.Boolean);
        AssertScalar(schema.FindInput("Comment"), ScalarKind.String);
        var embedding = Assert.IsType<ColumnSchema>(schema.FindInput("Embedding"));
        Assert.Equal((ScalarKind.Single, 3), (embedding.Kind, embedding.Width));
        Assert.Equal([3], embedding.Shape);
        Assert.Equal(4, schema.Inputs.Length);
        Assert.Equal(["PredictedLabel", "Probability", "Score"], schema.Outputs.Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Null(schema.FindOutput("Features"));
        Assert.Null(schema.FindOutput("CommentFeatures"));
    }

    [Fact]
    public async Task Regression_keeps_double_and_int_inputs_and_outputs_its_score()
    {
        var schema = (await _inspector.Inspect(TestModels.RegressionModel, flavor: null)).Schema;

        AssertScalar(schema.FindInput("Size"), ScalarKind.Double);
        AssertScalar(schema.FindInput("Rooms"), ScalarKind.Int32);
        var score = Assert.Single(schema.Outputs);
        Assert.Equal("Score", score.Name);
        AssertScalar(score, ScalarKind.Single);
    }

    [Fact]
    public async Task Multiclass_predicts_label_strings_and_one_score_per_class()
    {
        var schema = (await _inspector.Inspect(TestModels.MulticlassModel, flavor: null)).Schema;

        var measurements = Assert.Single(schema.Inputs);
        Assert.Equal(("Measurements", ScalarKind.Single, 4), (measurements.Name, measurements.Kind, measurements.Width));
        AssertScalar(schema.FindOutput("PredictedLabel"), ScalarKind.String);
        var score = Assert.IsType<ColumnSchema>(schema.FindOutput("Score"));
        Assert.Equal((ScalarKind.Single, 3), (score.Kind, score.Width));
        Assert.Equal([3], score.Shape);
    }

    [Fact]
    public async Task A_key_that_carries_its_label_strings_is_shown_as_the_strings()
    {
        var schema = (await _inspector.Inspect(TestModels.MulticlassKeyModel, flavor: null)).Schema;

        AssertScalar(schema.FindOutput("PredictedLabel"), ScalarKind.String);
    }

    [Fact]
    public async Task Onnx_tensors_map_to_per_row_shapes_after_the_batch_dimension()
    {
        var inspected = await _inspector.Inspect(TestModels.OnnxLogistic, flavor: null);

        Assert.Equal(ModelFlavor.Onnx, inspected.Flavor);
        var x = Assert.Single(inspected.Schema.Inputs);
        Assert.Equal(("x", ScalarKind.Single, 3), (x.Name, x.Kind, x.Width));
        Assert.Equal([3], x.Shape);
        var label = Assert.IsType<ColumnSchema>(inspected.Schema.FindOutput("label"));
        Assert.Equal((ScalarKind.Boolean, 1), (label.Kind, label.Width));
        Assert.Equal([1], label.Shape);
    }

    [Fact]
    public async Task Onnx_strings_variable_dimensions_and_rank_one_tensors_are_described()
    {
        var schema = (await _inspector.Inspect(TestModels.OnnxStringsAndIntegers, ModelFlavor.Onnx)).Schema;

        var name = Assert.IsType<ColumnSchema>(schema.FindInput("name"));
        Assert.Equal((ScalarKind.String, 1), (name.Kind, name.Width));
        var counts = Assert.IsType<ColumnSchema>(schema.FindInput("counts"));
        Assert.Equal((ScalarKind.Int64, 0), (counts.Kind, counts.Width));
        Assert.Equal([-1], counts.Shape);
        var weight = Assert.IsType<ColumnSchema>(schema.FindInput("weight"));
        Assert.Equal((ScalarKind.Double, 1, true), (weight.Kind, weight.Width, weight.IsScalar));
    }

    [Fact]
    public async Task Onnx_input_of_an_unsupported_element_type_is_rejected_by_name()
    {
        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(TestModels.OnnxWithByteInput, flavor: null));

        Assert.Equal(ErrorCodes.InvalidArtifact, error.Code);
        Assert.Contains("'pixels'", error.Message);
    }

    public static TheoryData<string, byte[]> NotModels => new()
    {
        { "empty", [] },
        { "random bytes", RandomBytes(512) },
        { "corrupt zip", [(byte)'P', (byte)'K', 3, 4, .. RandomBytes(300)] },
        { "truncated ML.NET zip", TestModels.BinaryClassifier[..(TestModels.BinaryClassifier.Length / 2)] },
    };

    [Theory]
    [MemberData(nameof(NotModels))]
    public async Task What_is_not_a_model_is_an_invalid_artifact(string what, byte[] content)
    {
        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(content, flavor: null));

        Assert.Equal(ErrorCodes.InvalidArtifact, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Message), what);
    }

    [Fact]
    public async Task An_mlnet_zip_declared_as_onnx_is_an_invalid_artifact()
    {
        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(TestModels.BinaryClassifier, ModelFlavor.Onnx));

        Assert.Contains("ONNX", error.Message);
    }

    private static void AssertScalar(ColumnSchema? column, ScalarKind kind)
    {
        Assert.NotNull(column);
        Assert.Equal((kind, 1, true), (column.Kind, column.Width, column.IsScalar));
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(3).NextBytes(bytes);
        bytes[0] = 0x42; // not 'P': stays "random bytes", not a zip
        return bytes;
    }
}
