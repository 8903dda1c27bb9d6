using Mle.Errors;
using Mle.Pipelines;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineValidatorTests
{
    private readonly TableCatalog _catalog = new();
    private readonly PipelineValidator _validator = new(new ExpressionCompiler());

    private Task<PipelineValidation> Validate(string json) => _validator.Validate(json, "acme", _catalog);

    private static string Pipeline(string steps, string source = """{"type": "rest"}""") =>
        $$"""{"name": "p", "source": {{source}}, "steps": [{{steps}}]}""";

    private const string Schema = """{"type": "rest", "schema": {"A": "float", "B": "float", "segment": "string", "cardId": "string"}}""";

    [Fact]
    public async Task The_issue_example_is_valid_and_runs_its_steps_in_order()
    {
        var validation = await Validate(Definitions.Fraud);

        Assert.Empty(validation.Problems);
        var plan = validation.Plan!;
        Assert.Equal(["big", "derive", "feat", "enrich", "score", "out"], plan.Steps.Select(s => s.Name));
        Assert.Equal(["big"], plan.Roots.Select(s => s.Name));
        Assert.Equal(["out"], plan.Leaves.Select(s => s.Name));
        Assert.Empty(plan.Joins);
        Assert.Equal(["big"], plan["derive"].Inputs);
        Assert.Equal(["derive"], plan["big"].Outputs);
    }

    [Fact]
    public async Task Without_a_schema_the_events_carry_the_model_inputs_no_step_computes_and_the_entity_fields()
    {
        var plan = (await Validate(Definitions.Fraud)).Plan!;

        Assert.Equal(FieldSchema.Of(("A", FieldType.Number), ("B", FieldType.Number), ("cardId", FieldType.String)), plan.SourceFields);
    }

    [Fact]
    public async Task Each_step_sees_the_fields_the_steps_before_it_added()
    {
        var plan = (await Validate(Definitions.Fraud)).Plan!;

        Assert.Null(plan["derive"].InputFields.Find("C"));
        Assert.Equal(FieldType.Number, plan["derive"].OutputFields.Find("C"));
        Assert.Equal(FieldType.Number, plan["enrich"].OutputFields.Find("amount_avg_10m"));
        Assert.Null(plan["enrich"].OutputFields.Find("txn_count_1h"));
        var prediction = plan["score"].OutputFields.Find("prediction")!;
        Assert.Equal(ValueKind.Object, prediction.Kind);
        Assert.Equal(["PredictedLabel", "Probability", "Score"], prediction.Fields!.Names);
        Assert.Equal(FieldType.Boolean, prediction.Fields.Find("PredictedLabel"));
    }

    [Fact]
    public async Task The_plan_holds_compiled_expressions_ready_to_run()
    {
        var plan = (await Validate(Definitions.Fraud)).Plan!;
        var record = new Dictionary<string, object?> { ["A"] = 0.9, ["B"] = 0.8 };

        Assert.True(plan["big"].Predicate!.Matches(record));
        var computed = Assert.Single(plan["derive"].Computed);
        Assert.Equal("C", computed.Field);
        Assert.Equal(1.7, (double)computed.Expression.Evaluate(record)!, 12);
    }

    [Fact]
    public async Task The_catalog_is_asked_once_per_feature_set_and_model_for_the_callers_tenant()
    {
        await Validate(Definitions.Fraud);

        Assert.Equal(["acme/featureset/card", "acme/model/tiny@champion"], _catalog.Lookups);
    }

    [Fact]
    public async Task Fan_out_and_a_join_make_a_graph_in_topological_order()
    {
        var validation = await Validate(Definitions.Diamond);

        Assert.Empty(validation.Problems);
        var plan = validation.Plan!;
        Assert.Equal(["score", "high", "label", "both", "out", "audit"], plan.Steps.Select(s => s.Name));
        Assert.Equal(["high", "label", "audit"], plan["score"].Outputs);
        var join = Assert.Single(plan.Joins);
        Assert.Equal("both", join.Name);
        Assert.Equal(["high", "label"], join.Inputs);
        Assert.Equal(FieldType.Boolean, join.InputFields.Find("high"));
        Assert.Equal(FieldType.String, join.InputFields.Find("label"));
        Assert.Equal(["out", "audit"], plan.Leaves.Select(s => s.Name));
    }

    [Fact]
    public async Task A_step_may_come_after_one_written_later()
    {
        var plan = (await Validate(Pipeline("""
            {"name": "out", "type": "sink", "after": ["f"], "to": "stream", "namespace": "predictions"},
            {"name": "f", "type": "filter", "after": [], "expr": "A > 1"}
            """, Schema))).Plan!;

        Assert.Equal(["f", "out"], plan.Steps.Select(s => s.Name));
        Assert.True(plan["f"].ReadsSource);
    }

    [Fact]
    public async Task Every_problem_of_the_definition_comes_back_at_once()
    {
        var validation = await Validate(Pipeline("""
            {"name": "big",   "type": "filter", "expr": "A > 0.5 && segmnt == \"gold\""},
            {"name": "big",   "type": "map", "set": {"C": "A + segment"}},
            {"name": "feat",  "type": "featurize", "featureSet": "cards", "entity": "cardId"},
            {"name": "enr",   "type": "enrich", "featureSet": "card", "entity": "cardId", "features": ["amount_avg_1y"]},
            {"name": "score", "type": "score", "model": "nope@champion"},
            {"name": "lab",   "type": "score", "model": "labeller", "output": "labels"},
            {"name": "out",   "type": "sink", "after": ["scroe"], "to": "stream", "namespace": "predictions"}
            """, Schema));

        Assert.Null(validation.Plan);
        Assert.Equal(
        [
            (ErrorCodes.DuplicateStep, "steps[1].name", (int?)null),
            (ErrorCodes.UnknownStep, "steps[6].after", null),
            (ErrorCodes.UnknownField, "steps[0].expr", 11),
            (ErrorCodes.ExpressionTypeMismatch, "steps[1].set.C", 0),
            (ErrorCodes.FeatureSetNotFound, "steps[2].featureSet", null),
            (ErrorCodes.UnknownFeature, "steps[3].features", null),
            (ErrorCodes.ModelNotFound, "steps[4].model", null),
            (ErrorCodes.SchemaMismatch, "steps[5].model", null),
        ], validation.Problems.Select(p => (p.Code, p.Path, p.Position)));
        Assert.Contains("needs input 'A' as a string, but records hold it as a number (source.schema)", validation.Problems[7].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shape_problems_and_meaning_problems_come_back_together()
    {
        var validation = await Validate(Pipeline("""
            {"name": "j", "type": "join"},
            {"name": "f", "type": "filter", "after": [], "expr": "x > 1"},
            {"name": "g", "type": "filter", "expr": "A > 1"}
            """, Schema));

        Assert.Equal([ErrorCodes.UnknownStepType, ErrorCodes.UnknownField], validation.Problems.Select(p => p.Code));
    }

    [Fact]
    public async Task A_cycle_is_reported_once_naming_its_steps()
    {
        var validation = await Validate(Pipeline("""
            {"name": "a", "type": "filter", "after": ["c"], "expr": "A > 0"},
            {"name": "b", "type": "filter", "after": ["a"], "expr": "A > 1"},
            {"name": "c", "type": "filter", "after": ["b"], "expr": "A > 2"},
            {"name": "d", "type": "filter", "after": ["d"], "expr": "A > 3"},
            {"name": "e", "type": "filter", "after": [], "expr": "x > 3"}
            """, Schema));

        Assert.Equal([ErrorCodes.PipelineCycle, ErrorCodes.PipelineCycle, ErrorCodes.UnknownField], validation.Problems.Select(p => p.Code));
        Assert.Contains("'a' after 'c' after 'b' after 'a'", validation.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("'d' after 'd'", validation.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_computed_by_a_step_is_unknown_before_it()
    {
        var validation = await Validate(Pipeline("""
            {"name": "f", "type": "filter", "expr": "C > 1"},
            {"name": "m", "type": "map", "set": {"C": "A + B"}}
            """, Schema));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal((ErrorCodes.UnknownField, "steps[0].expr"), (problem.Code, problem.Path));
    }

    [Fact]
    public async Task The_expressions_of_one_map_step_read_the_record_as_it_came_in()
    {
        var validation = await Validate(Pipeline("""
            {"name": "m", "type": "map", "set": {"C": "A + B", "D": "C * 2"}},
            {"name": "n", "type": "map", "set": {"D": "C * 2"}}
            """, Schema));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal((ErrorCodes.UnknownField, "steps[0].set.D"), (problem.Code, problem.Path));
    }

    [Fact]
    public async Task A_model_input_missing_from_the_declared_schema_is_a_mismatch()
    {
        var validation = await Validate(Pipeline("""
            {"name": "s", "type": "score", "model": "tiny"}
            """, """{"type": "rest", "schema": {"A": "float"}}"""));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal(ErrorCodes.SchemaMismatch, problem.Code);
        Assert.Contains("needs input 'B' (float32), which records do not have at this step", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_input_computed_or_enriched_earlier_is_satisfied()
    {
        var validation = await Validate(Pipeline("""
            {"name": "m", "type": "map", "set": {"C": "A * 2"}},
            {"name": "e", "type": "enrich", "featureSet": "card", "entity": "cardId"},
            {"name": "s", "type": "score", "model": "risk", "output": "risk"},
            {"name": "f", "type": "filter", "expr": "risk.Score > 0.5 && txn_count_1h > 3"}
            """));

        Assert.Empty(validation.Problems);
        Assert.Equal(["A", "cardId"], validation.Plan!.SourceFields.Names);
    }

    [Fact]
    public async Task Models_that_disagree_on_an_inferred_fields_type_are_a_problem()
    {
        var validation = await Validate(Pipeline("""
            {"name": "s", "type": "score", "model": "tiny"},
            {"name": "l", "type": "score", "model": "labeller", "output": "labels"}
            """));

        Assert.Contains(validation.Problems, p => p.Code == ErrorCodes.SchemaMismatch && p.Path == "steps[1].model");
    }

    [Fact]
    public async Task An_unknown_field_without_a_declared_schema_suggests_declaring_one()
    {
        var validation = await Validate(Pipeline("""{"name": "f", "type": "filter", "expr": "segment == \"gold\""}"""));

        Assert.EndsWith("Declare the events' fields in source.schema.", Assert.Single(validation.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_join_of_inputs_that_disagree_on_a_fields_type_is_a_problem()
    {
        var validation = await Validate(Pipeline("""
            {"name": "x", "type": "map", "after": [], "set": {"v": "A + 1"}},
            {"name": "y", "type": "map", "after": [], "set": {"v": "segment"}},
            {"name": "j", "type": "filter", "after": ["x", "y"], "expr": "true"}
            """, Schema));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal((ErrorCodes.SchemaMismatch, "steps[2].after"), (problem.Code, problem.Path));
    }

    [Fact]
    public async Task A_filter_must_be_a_predicate_and_a_computed_field_a_value()
    {
        var validation = await Validate(Pipeline("""
            {"name": "f", "type": "filter", "expr": "A + 1"},
            {"name": "m", "type": "map", "set": {"n": "null", "o": "A > 1 ? null : null"}}
            """, Schema));

        Assert.Equal(
            [(ErrorCodes.ExpressionTypeMismatch, "steps[0].expr"), (ErrorCodes.ExpressionTypeMismatch, "steps[1].set.n"), (ErrorCodes.ExpressionTypeMismatch, "steps[1].set.o")],
            validation.Problems.Select(p => (p.Code, p.Path)));
    }

    [Fact]
    public async Task An_entity_field_the_record_lacks_is_a_problem()
    {
        var validation = await Validate(Pipeline("""
            {"name": "e", "type": "enrich", "featureSet": "card", "entity": "customerId"}
            """, Schema));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal((ErrorCodes.UnknownField, "steps[0].entity"), (problem.Code, problem.Path));
    }

    [Fact]
    public async Task A_malformed_model_reference_is_a_problem()
    {
        var validation = await Validate(Pipeline("""{"name": "s", "type": "score", "model": "tiny@"}""", Schema));

        var problem = Assert.Single(validation.Problems);
        Assert.Equal("steps[0].model", problem.Path);
        Assert.Empty(_catalog.Lookups);
    }

    [Fact]
    public async Task Plan_throws_one_invalid_pipeline_error_carrying_every_problem()
    {
        var error = await Assert.ThrowsAsync<InvalidPipelineException>(() => _validator.Plan(Pipeline("""
            {"name": "a", "type": "filter", "expr": "x > 1"},
            {"name": "a", "type": "filter", "expr": "y > 1"}
            """, Schema), "acme", _catalog));

        Assert.Equal(ErrorCodes.InvalidPipeline, error.Code);
        Assert.Equal(3, error.Problems.Count);
        Assert.StartsWith("Pipeline 'p' has 3 problems: [steps[1].name]", error.Message, StringComparison.Ordinal);
    }
}
