package dev.lifeboat.local.template;

import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML: each short-form tag ({@code !Ref}, {@code !Sub}, {@code !GetAtt} …)
 * becomes the long form CloudFormation itself expands it to, so one evaluator handles both.
 */
final class ShortFormConstructor extends SafeConstructor {

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
            "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "GetAtt", "Length", "ToJsonString");

    ShortFormConstructor() {
        super(new LoaderOptions());
        yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
        yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
        FUNCTIONS.forEach(name -> yamlConstructors.put(new Tag("!" + name), new LongForm("Fn::" + name)));
        // CloudFormation reads an unquoted 2012-10-17 as text, not as a date
        yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
    }

    private final class LongForm extends AbstractConstruct {
        private final String key;

        LongForm(String key) {
            this.key = key;
        }

        @Override
        public Object construct(Node node) {
            Object argument = switch (node) {
                case ScalarNode scalar when key.equals("Fn::GetAtt") -> splitAttribute(scalar.getValue());
                case ScalarNode scalar -> scalar.getValue();
                case SequenceNode sequence -> constructSequence(sequence);
                case MappingNode mapping -> constructMapping(mapping);
                default -> throw new IllegalStateException("Unexpected YAML node for " + key + ": " + node);
            };
            return Map.of(key, argument);
        }

        /** {@code !GetAtt Db.Endpoint.Address} names attribute {@code Endpoint.Address} of {@code Db}. */
        private static List<String> splitAttribute(String value) {
            int dot = value.indexOf('.');
            if (dot < 0) {
                throw new IllegalArgumentException("!GetAtt " + value + " must be written LogicalId.Attribute");
            }
            return List.of(value.substring(0, dot), value.substring(dot + 1));
        }
    }
}
