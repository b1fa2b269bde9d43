package io.toolgate.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.dialect.BasicDialectRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.keyword.AnnotationKeyword;
import com.networknt.schema.keyword.KeywordType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * The argument check of one tool, run before the upstream sees a call: its JSON Schema compiled once by the networknt
 * validator with only the keywords {@code type}, {@code enum}, {@code required}, {@code properties},
 * {@code additionalProperties} and {@code items} (one schema for every element, or a list for a tuple). Every other
 * keyword ({@code anyOf}, {@code minimum}, {@code format}, …) is left to the upstream. {@code $schema} does not change
 * the rules and nothing is ever loaded from a URL. A schema the validator cannot compile is not checked at all.
 */
public final class ArgumentValidator {

    private static final Logger LOG = LoggerFactory.getLogger(ArgumentValidator.class);
    private static final String DIALECT_ID = "urn:toolgate:tool-arguments";
    /** Any other keyword, and a boolean schema ({@code true} or {@code false}), is an annotation that accepts any value. */
    private static final Dialect DIALECT = Dialect.builder(DIALECT_ID)
            .specificationVersion(SpecificationVersion.DRAFT_7)
            .keywords(List.of(KeywordType.TYPE, KeywordType.ENUM, KeywordType.REQUIRED, KeywordType.PROPERTIES,
                    KeywordType.ADDITIONAL_PROPERTIES, KeywordType.ITEMS_LEGACY))
            .unknownKeywordFactory((keyword, context) -> new AnnotationKeyword(keyword))
            .build();
    /** Every {@code $schema} value names the one dialect above; any {@code $id} is accepted; no resource is loaded. */
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.builder()
            .defaultDialectId(DIALECT_ID)
            .dialectRegistry(new BasicDialectRegistry(id -> DIALECT))
            .schemaLoader(loader -> loader.block(iri -> true))
            .schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .locale(Locale.ENGLISH)
                    .preloadSchema(false)
                    .schemaIdValidator((id, root, location, resolved, context) -> true)
                    .build())
            .build();
    private static final ArgumentValidator UNCHECKED = new ArgumentValidator(null);

    private final Schema schema;

    private ArgumentValidator(Schema schema) {
        this.schema = schema;
    }

    /** Compiles the schema of {@code tool}; a schema that does not compile gives a check that accepts everything. */
    public static ArgumentValidator compile(String tool, JsonNode schema) {
        try {
            Schema compiled = SCHEMAS.getSchema(schema);
            compiled.initializeValidators();
            return new ArgumentValidator(compiled);
        } catch (RuntimeException e) {
            LOG.warn("Arguments of tool '{}' are passed on unchecked: its schema does not compile ({})", tool, e.getMessage());
            return UNCHECKED;
        }
    }

    /** Every violation found, as human-readable lines; empty when the arguments fit. */
    public List<String> validate(JsonNode arguments) {
        return schema == null ? List.of() : ArgumentViolations.describe(schema.validate(arguments), arguments);
    }
}
