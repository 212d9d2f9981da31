//! Const constructors for the generated tables, so that most members fit on one line.

use crate::types::{Binding, Member, Shape, ShapeKind};

impl Member {
    pub(crate) const fn new(name: &'static str, shape: &'static Shape, binding: Binding) -> Self {
        Member {
            name,
            shape,
            binding,
            required: false,
            xml_name: None,
            xml_attribute: false,
            xml_flattened: false,
            xml_namespace: None,
            timestamp_format: None,
        }
    }

    pub(crate) const fn req(mut self) -> Self {
        self.required = true;
        self
    }

    pub(crate) const fn xml(mut self, name: &'static str) -> Self {
        self.xml_name = Some(name);
        self
    }

    pub(crate) const fn attr(mut self) -> Self {
        self.xml_attribute = true;
        self
    }

    pub(crate) const fn flat(mut self) -> Self {
        self.xml_flattened = true;
        self
    }

    pub(crate) const fn ns(mut self, uri: &'static str, prefix: Option<&'static str>) -> Self {
        self.xml_namespace = Some((uri, prefix));
        self
    }
}

impl Shape {
    pub(crate) const fn new(name: &'static str, kind: ShapeKind) -> Self {
        Shape {
            name,
            kind,
            xml_name: None,
            xml_namespace: None,
        }
    }

    pub(crate) const fn xml(mut self, name: &'static str) -> Self {
        self.xml_name = Some(name);
        self
    }

    pub(crate) const fn ns(mut self, uri: &'static str) -> Self {
        self.xml_namespace = Some(uri);
        self
    }
}
