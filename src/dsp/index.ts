// Public exports of src/dsp. Each module adds its own export lines here.
export {};
