//! The layers over the panes (helix's compositor): help, the input line, the label
//! picker, the word jump, the dashboard, each a `Component` on a stack. The top one takes
//! each key first; one that passes it (`Flow::Pass`) gives it to the one below.

use std::any::Any;

use super::component::Component;

#[derive(Default)]
pub struct Layers {
    stack: Vec<Box<dyn Component>>,
}

impl Layers {
    pub fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    pub fn len(&self) -> usize {
        self.stack.len()
    }

    pub fn push(&mut self, layer: Box<dyn Component>) {
        self.stack.push(layer);
    }

    /// The layer that takes keys first.
    pub fn top(&self) -> Option<&dyn Component> {
        self.stack.last().map(|layer| layer.as_ref())
    }

    /// Bottom to top, the order they are drawn in.
    pub fn iter(&self) -> impl Iterator<Item = &dyn Component> {
        self.stack.iter().map(|layer| layer.as_ref())
    }

    /// The topmost layer of type `T`, if one is open.
    pub fn find<T: Component>(&self) -> Option<&T> {
        self.stack
            .iter()
            .rev()
            .find_map(|layer| (layer.as_ref() as &dyn Any).downcast_ref::<T>())
    }

    /// Takes every layer of type `T` matching `which` off the stack.
    pub fn close<T: Component>(&mut self, which: impl Fn(&T) -> bool) {
        self.stack.retain(|layer| {
            (layer.as_ref() as &dyn Any)
                .downcast_ref::<T>()
                .is_none_or(|t| !which(t))
        });
    }

    /// Takes the layer at `at` out while it handles a key.
    pub(crate) fn take(&mut self, at: usize) -> Box<dyn Component> {
        self.stack.remove(at)
    }

    /// Puts a layer taken out back where it was (or on top if the stack shrank).
    pub(crate) fn put_back(&mut self, at: usize, layer: Box<dyn Component>) {
        let at = at.min(self.stack.len());
        self.stack.insert(at, layer);
    }
}
