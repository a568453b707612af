/**
 * What a DOM element stands for, from its tag (the preview templates' convention):
 * input/textarea/select -> value (checkbox/radio -> checked); button -> label + onClick;
 * a -> link + text; img -> src/alt; [data-repeater] -> repeater; a tag with a dash -> custom
 * element; anything else -> text/html.
 */
export type ElementKind = 'textInput' | 'textBox' | 'checkbox' | 'dropdown' | 'button' | 'link' | 'image' | 'media' | 'repeater' | 'custom' | 'text';

const VELO_TYPES: Record<ElementKind, string> = {
  textInput: '$w.TextInput',
  textBox: '$w.TextBox',
  checkbox: '$w.Checkbox',
  dropdown: '$w.Dropdown',
  button: '$w.Button',
  link: '$w.Text',
  image: '$w.Image',
  media: '$w.AudioPlayer',
  repeater: '$w.Repeater',
  custom: '$w.CustomElement',
  text: '$w.Text',
};

export function kindOf(tagName: string, inputType: string | null, isRepeater: boolean): ElementKind {
  const tag = tagName.toLowerCase();
  if (isRepeater) return 'repeater';
  if (tag === 'input') return inputType === 'checkbox' || inputType === 'radio' ? 'checkbox' : 'textInput';
  if (tag === 'textarea') return 'textBox';
  if (tag === 'select') return 'dropdown';
  if (tag === 'button') return 'button';
  if (tag === 'a') return 'link';
  if (tag === 'img') return 'image';
  if (tag === 'audio' || tag === 'video') return 'media';
  if (tag.includes('-')) return 'custom';
  return 'text';
}

export function veloType(kind: ElementKind): string {
  return VELO_TYPES[kind];
}
