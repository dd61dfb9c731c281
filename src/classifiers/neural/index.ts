// Public exports of src/classifiers/neural.
export {};
