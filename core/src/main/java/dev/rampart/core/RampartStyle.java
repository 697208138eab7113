package dev.rampart.core;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.immutables.value.Value;

/** The Immutables style shared by every Rampart value type. */
@Target({ElementType.PACKAGE, ElementType.TYPE})
@Retention(RetentionPolicy.CLASS)
@Value.Style(
    visibility = Value.Style.ImplementationVisibility.PACKAGE,
    overshadowImplementation = true,
    builderVisibility = Value.Style.BuilderVisibility.PUBLIC,
    depluralize = true,
    depluralizeDictionary = {"match:matches", "address:addresses", "element:elements"},
    jdkOnly = false,
    get = {"is*", "get*"})
public @interface RampartStyle {}
