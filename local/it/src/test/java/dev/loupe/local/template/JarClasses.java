package dev.loupe.local.template;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

/**
 * Loupe's classes in a function's jar, parsed, with who extends or implements whom: what the template's checks walk
 * from a handler (the environment it reads, {@link TemplateTest}; the AWS calls it makes, {@link AwsCalls}).
 *
 * @param classes  internal name to class
 * @param subtypes internal name to the internal names of the classes that extend or implement it directly
 */
record JarClasses(Map<String, ClassModel> classes, Map<String, Set<String>> subtypes) {

    static JarClasses read(Path jar) throws IOException {
        Map<String, ClassModel> classes = new HashMap<>();
        Map<String, Set<String>> subtypes = new HashMap<>();
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            for (var entry : Collections.list(jarFile.entries())) {
                if (!entry.getName().startsWith("dev/loupe/") || !entry.getName().endsWith(".class")) continue;
                try (InputStream in = jarFile.getInputStream(entry)) {
                    ClassModel model = ClassFile.of().parse(in.readAllBytes());
                    String name = model.thisClass().asInternalName();
                    classes.put(name, model);
                    model.superclass().ifPresent(sup -> subtypes.computeIfAbsent(sup.asInternalName(),
                            k -> new HashSet<>()).add(name));
                    model.interfaces().forEach(i -> subtypes.computeIfAbsent(i.asInternalName(),
                            k -> new HashSet<>()).add(name));
                }
            }
        }
        return new JarClasses(classes, subtypes);
    }
}
